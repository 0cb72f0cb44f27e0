/**
 * Scheduled drift: `--drift covariate@0.3,new-categories:0.2@0.5,concept@20000`. A position with
 * a decimal point is a fraction of the run's transactions; an integer is a transaction index.
 */

export const DriftKinds = ['covariate', 'new-categories', 'concept'] as const;
export type DriftKind = (typeof DriftKinds)[number];

/** The fraud pattern in force: card testing then cash-out, or (after concept drift) account takeover. */
export type FraudPattern = 'card-testing' | 'account-takeover';

export const DriftDefaults = {
  /** Amounts are multiplied by this after covariate drift. */
  covariateFactor: 1.8,
  /** Share of everyday transactions that go to never-seen categories after new-categories drift. */
  newCategoryShare: 0.15,
} as const;

export type DriftPosition = { readonly fraction: number } | { readonly index: number };

export interface DriftSpec {
  readonly kind: DriftKind;
  readonly position: DriftPosition;
  /** covariate: the amount factor; new-categories: the traffic share; concept: unused. */
  readonly value: number;
  /** The text it was parsed from, for messages. */
  readonly token: string;
}

export interface ScheduledDrift extends DriftSpec {
  /** Index of the first transaction it applies to. */
  readonly startsAt: number;
}

/** A `--drift` entry that cannot be understood; the message names the entry. */
export class DriftScheduleError extends Error {
  override readonly name = 'DriftScheduleError';
  constructor(
    readonly token: string,
    reason: string,
  ) {
    super(`invalid drift "${token}": ${reason}`);
  }
}

/** Parses a comma-separated schedule; an empty string is no drift. */
export function parseDriftSchedule(text: string): DriftSpec[] {
  const specs: DriftSpec[] = [];
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    const spec = parseToken(token);
    if (specs.some((s) => s.kind === spec.kind)) throw new DriftScheduleError(token, `${spec.kind} is already scheduled`);
    specs.push(spec);
  }
  return specs;
}

function parseToken(token: string): DriftSpec {
  const match = /^([a-z-]+)(?::([^@]*))?@(.*)$/.exec(token);
  if (!match) throw new DriftScheduleError(token, 'expected kind[:value]@position, e.g. covariate@0.3 or covariate:2.0@20000');
  const [, name = '', rawValue, rawPosition = ''] = match;
  const kind = DriftKinds.find((k) => k === name);
  if (!kind) throw new DriftScheduleError(token, `unknown kind "${name}" (expected ${DriftKinds.join(', ')})`);
  return { kind, value: parseValue(token, kind, rawValue), position: parsePosition(token, rawPosition), token };
}

function parseValue(token: string, kind: DriftKind, raw: string | undefined): number {
  switch (kind) {
    case 'covariate': {
      const factor = raw === undefined ? DriftDefaults.covariateFactor : toNumber(raw);
      if (!(factor > 0)) throw new DriftScheduleError(token, 'the amount factor must be a positive number');
      return factor;
    }
    case 'new-categories': {
      const share = raw === undefined ? DriftDefaults.newCategoryShare : toNumber(raw);
      if (!(share > 0 && share <= 1)) throw new DriftScheduleError(token, 'the traffic share must be a number in (0, 1]');
      return share;
    }
    case 'concept':
      if (raw !== undefined) throw new DriftScheduleError(token, 'concept takes no value');
      return 0;
  }
}

function parsePosition(token: string, raw: string): DriftPosition {
  const problem = 'the position must be a fraction of the run in [0, 1] like 0.3, or a transaction index like 20000';
  if (/^\d*\.\d+$|^\d+\.$/.test(raw)) {
    const fraction = Number(raw);
    if (fraction > 1) throw new DriftScheduleError(token, problem);
    return { fraction };
  }
  if (/^\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return { index: Number(raw) };
  throw new DriftScheduleError(token, problem);
}

/** NaN for anything but a plain decimal number (Number('') would be 0). */
const toNumber = (raw: string): number => (/^\d*\.?\d+$/.test(raw) ? Number(raw) : Number.NaN);

/** Places each drift at a transaction index of a run of `totalTransactions`, earliest first. */
export function resolveDriftSchedule(specs: readonly DriftSpec[], totalTransactions: number): ScheduledDrift[] {
  return specs
    .map((spec) => ({
      ...spec,
      startsAt: 'index' in spec.position ? spec.position.index : Math.round(spec.position.fraction * totalTransactions),
    }))
    .sort((a, b) => a.startsAt - b.startsAt);
}

/** What the drifts in force change. */
export interface DriftState {
  readonly amountFactor: number;
  readonly newCategoryShare: number;
  readonly fraudPattern: FraudPattern;
  /** Kinds in force, in the order they started. */
  readonly active: readonly DriftKind[];
}

export const NoDrift: DriftState = { amountFactor: 1, newCategoryShare: 0, fraudPattern: 'card-testing', active: [] };

/** The state after the given drifts have started, in order. */
export function applyDrifts(started: readonly DriftSpec[]): DriftState {
  return started.reduce<DriftState>((state, drift) => {
    const active = [...state.active, drift.kind];
    switch (drift.kind) {
      case 'covariate':
        return { ...state, amountFactor: drift.value, active };
      case 'new-categories':
        return { ...state, newCategoryShare: drift.value, active };
      case 'concept':
        return { ...state, fraudPattern: 'account-takeover', active };
    }
  }, NoDrift);
}
