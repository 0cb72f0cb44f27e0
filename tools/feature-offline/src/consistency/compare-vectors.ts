import type { LoggedVector } from '../archive/feature-log-sql';

/** One event whose feature differs between the online and the offline vector. */
export interface MismatchExample {
  readonly entity_id: string;
  readonly event_id: string;
  readonly event_time: number;
  readonly online: number | null;
  readonly offline: number | null;
}

export interface FeatureMismatch {
  readonly feature: string;
  /** Position in the vector. */
  readonly index: number;
  /** Events where the feature differs. */
  readonly count: number;
  /** Of those, events where one side is null and the other a number. */
  readonly nullMismatches: number;
  /** Largest |online − offline| where both are numbers; 0 when none. */
  readonly maxAbsDiff: number;
  /** Largest distance in units in the last place where both are numbers; 0 when none. */
  readonly maxUlps: number;
  readonly examples: readonly MismatchExample[];
}

/** An event present on both sides whose vector has another length, entity or event time. */
export interface ShapeMismatch {
  readonly event_id: string;
  readonly online: { readonly entity_id: string; readonly event_time: number; readonly length: number };
  readonly offline: { readonly entity_id: string; readonly event_time: number; readonly length: number };
}

export interface VectorComparison {
  /** 0 = exact; else values match when |a − b| ≤ tolerance × max(1, |a|, |b|). */
  readonly tolerance: number;
  readonly counts: {
    readonly online: number;
    readonly offline: number;
    /** Events with a vector on both sides. */
    readonly matched: number;
    readonly onlyOnline: number;
    readonly onlyOffline: number;
    /** Matched events whose vectors are equal in every value. */
    readonly equal: number;
    readonly different: number;
  };
  /** Features with at least one mismatch, in vector order. */
  readonly features: readonly FeatureMismatch[];
  readonly shapeMismatches: { readonly count: number; readonly examples: readonly ShapeMismatch[] };
  /** Event ids of the first unmatched vectors, per side. */
  readonly onlyOnlineExamples: readonly string[];
  readonly onlyOfflineExamples: readonly string[];
  /** Every vector on one side has an equal vector on the other. */
  readonly ok: boolean;
}

/**
 * Whether two feature values agree. Exact (tolerance 0) means the same number: bit-equal except
 * that 0 and −0 are equal (JSON, which stores the online state, does not keep the sign of zero).
 */
export function valuesMatch(a: number | null, b: number | null, tolerance: number): boolean {
  if (a === null || b === null) return a === b;
  if (a === b) return true;
  return tolerance > 0 && Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Doubles between a and b, counting each representable value once. */
export function ulpDistance(a: number, b: number): number {
  return Number(ordered(a) > ordered(b) ? ordered(a) - ordered(b) : ordered(b) - ordered(a));
}

function ordered(value: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

interface FeatureTally {
  count: number;
  nullMismatches: number;
  maxAbsDiff: number;
  maxUlps: number;
  examples: MismatchExample[];
}

/** Compares the online and offline vectors of one view version, event by event and feature by feature. */
export function compareVectors(
  outputNames: readonly string[],
  online: readonly LoggedVector[],
  offline: readonly LoggedVector[],
  options: { readonly tolerance?: number; readonly maxExamples?: number } = {},
): VectorComparison {
  const tolerance = options.tolerance ?? 0;
  const maxExamples = options.maxExamples ?? 5;
  const offlineById = new Map(offline.map((v) => [v.event_id, v]));
  const onlineIds = new Set(online.map((v) => v.event_id));
  const tallies: FeatureTally[] = outputNames.map(() => ({ count: 0, nullMismatches: 0, maxAbsDiff: 0, maxUlps: 0, examples: [] }));
  const shapes: ShapeMismatch[] = [];
  let shapeCount = 0;
  let matched = 0;
  let equal = 0;
  for (const o of online) {
    const f = offlineById.get(o.event_id);
    if (!f) continue;
    matched += 1;
    let same = true;
    if (o.values.length !== f.values.length || o.entity_id !== f.entity_id || o.event_time !== f.event_time) {
      same = false;
      shapeCount += 1;
      if (shapes.length < maxExamples) shapes.push({ event_id: o.event_id, online: shapeOf(o), offline: shapeOf(f) });
    }
    for (let i = 0; i < Math.min(o.values.length, f.values.length, outputNames.length); i += 1) {
      const [a, b] = [o.values[i] ?? null, f.values[i] ?? null];
      if (valuesMatch(a, b, tolerance)) continue;
      same = false;
      tally(tallies[i] as FeatureTally, o, a, b, maxExamples);
    }
    if (same) equal += 1;
  }
  const onlyOnline = online.filter((v) => !offlineById.has(v.event_id));
  const onlyOffline = offline.filter((v) => !onlineIds.has(v.event_id));
  const features = tallies.flatMap((t, index) => (t.count > 0 ? [{ feature: outputNames[index] as string, index, ...t }] : []));
  return {
    tolerance,
    counts: {
      online: online.length,
      offline: offline.length,
      matched,
      onlyOnline: onlyOnline.length,
      onlyOffline: onlyOffline.length,
      equal,
      different: matched - equal,
    },
    features,
    shapeMismatches: { count: shapeCount, examples: shapes },
    onlyOnlineExamples: onlyOnline.slice(0, maxExamples).map((v) => v.event_id),
    onlyOfflineExamples: onlyOffline.slice(0, maxExamples).map((v) => v.event_id),
    ok: matched === equal && onlyOnline.length === 0 && onlyOffline.length === 0,
  };
}

function tally(t: FeatureTally, vector: LoggedVector, online: number | null, offline: number | null, maxExamples: number): void {
  t.count += 1;
  if (online === null || offline === null) t.nullMismatches += 1;
  else {
    t.maxAbsDiff = Math.max(t.maxAbsDiff, Math.abs(online - offline));
    t.maxUlps = Math.max(t.maxUlps, ulpDistance(online, offline));
  }
  if (t.examples.length < maxExamples) {
    t.examples.push({ entity_id: vector.entity_id, event_id: vector.event_id, event_time: vector.event_time, online, offline });
  }
}

const shapeOf = (v: LoggedVector) => ({ entity_id: v.entity_id, event_time: v.event_time, length: v.values.length });
