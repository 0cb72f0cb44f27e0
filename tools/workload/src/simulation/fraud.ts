import { CardTestingCategories, RiskyCategories, TakeoverCategories, toLocalAmount } from './catalog';
import { nextWindow } from './clock';
import type { FraudPattern } from './drift';
import type { Payment } from './payment';
import { openAt, type Merchant, type OpaqueIds, type Population, type User } from './population';
import type { Rng } from './rng';

/** What a fraudulent payment is for: probing the card, cashing out, or spending from a taken-over account. */
export type FraudKind = 'card-test' | 'cash-out' | 'takeover';

/** A fraudulent payment planned at a compromise, emitted when the clock reaches it. */
export interface PlannedFraud {
  readonly time: number;
  readonly kind: FraudKind;
  readonly user: User;
  readonly merchant: Merchant;
  readonly deviceId: string;
  /** Card tests are tiny fixed sums; other amounts are in euros, scaled by covariate drift when emitted. */
  readonly amount: { readonly local: number } | { readonly euros: number };
}

/** Expected fraudulent payments per compromise: card testing 2–6 (mean 4) + cash-out 1–4 (2.5); takeover 2–4. */
export const PaymentsPerCompromise: Readonly<Record<FraudPattern, number>> = { 'card-testing': 6.5, 'account-takeover': 3 };

/**
 * Compromises per simulated millisecond so that about `fraudRate` of all transactions are fraud,
 * given the mean gap between everyday transactions.
 */
export function compromiseRatePerMs(fraudRate: number, meanGapMs: number, pattern: FraudPattern): number {
  return fraudRate / ((1 - fraudRate) * PaymentsPerCompromise[pattern] * meanGapMs);
}

export interface CompromiseContext {
  readonly population: Population;
  readonly ids: OpaqueIds;
  /** Index of the next transaction: merchants opened by then are usable. */
  readonly seq: number;
  readonly rng: Rng;
}

/** The fraudulent payments one compromised card will see, from `start` on, in time order. */
export function planCompromise(ctx: CompromiseContext, start: number, pattern: FraudPattern): PlannedFraud[] {
  const user = ctx.population.daytimeUsers.pick(ctx.rng);
  const deviceId = ctx.ids.next('dev'); // a device the card holder never used
  switch (pattern) {
    case 'card-testing':
      return planCardTestingAndCashOut(ctx, user, deviceId, start);
    case 'account-takeover':
      return planTakeover(ctx, user, deviceId, start);
  }
}

/** Classic card fraud: tiny online probes at a few merchants, then large night-time purchases abroad at risky, often new, merchants. */
function planCardTestingAndCashOut(ctx: CompromiseContext, user: User, deviceId: string, start: number): PlannedFraud[] {
  const { rng } = ctx;
  const planned: PlannedFraud[] = [];
  const probed = Array.from({ length: rng.int(1, 3) }, () =>
    pickMerchant(ctx, rng.pick(CardTestingCategories), user, { foreign: rng.chance(0.5) }),
  );
  let time = start;
  for (let i = rng.int(2, 6); i > 0; i -= 1) {
    time += Math.round(rng.exponential(1 / 60_000)); // about a minute apart
    const amount = { local: Math.round(rng.uniform(0.5, 1.99) * 100) / 100 };
    planned.push({ time, kind: 'card-test', user, merchant: rng.pick(probed), deviceId, amount });
  }
  time += Math.round(rng.lognormal(Math.log(20 * 60_000), 1)); // the card works: cash out soon
  if (rng.chance(0.65)) time = nextWindow(time, 0, 6, rng);
  for (let i = rng.int(1, 4); i > 0; i -= 1) {
    const merchant = pickMerchant(ctx, rng.pick(RiskyCategories), user, { foreign: rng.chance(0.7), newcomer: rng.chance(0.5) });
    planned.push({ time, kind: 'cash-out', user, merchant, deviceId, amount: { euros: user.spendLevel * rng.uniform(5, 20) } });
    time += Math.round(rng.exponential(1 / 240_000)); // minutes apart
  }
  return planned;
}

/** Account takeover: a few daytime, domestic, moderately large online purchases at established merchants, from a new device. */
function planTakeover(ctx: CompromiseContext, user: User, deviceId: string, start: number): PlannedFraud[] {
  const { rng } = ctx;
  const planned: PlannedFraud[] = [];
  let time = nextWindow(start + Math.round(rng.lognormal(Math.log(10 * 60_000), 1)), 9, 19, rng);
  for (let i = rng.int(2, 4); i > 0; i -= 1) {
    const merchant = pickMerchant(ctx, rng.pick(TakeoverCategories), user, { foreign: false, newcomer: rng.chance(0.1) });
    planned.push({ time, kind: 'takeover', user, merchant, deviceId, amount: { euros: user.spendLevel * rng.uniform(2, 4) } });
    time += Math.round(rng.exponential(1 / 900_000)); // a quarter of an hour apart
  }
  return planned;
}

/** The payment a planned fraud becomes when emitted: always online, card not present, on the fraudster's device. */
export function fraudPayment(planned: PlannedFraud, amountFactor: number): Payment {
  const amount =
    'local' in planned.amount ? planned.amount.local : toLocalAmount(planned.amount.euros * amountFactor, planned.merchant.country);
  return { user: planned.user, merchant: planned.merchant, amount, channel: 'online', deviceId: planned.deviceId };
}

interface MerchantWish {
  /** Abroad (relative to the card holder's home) rather than at home. */
  readonly foreign: boolean;
  /** A merchant that opened during the run, when one has. */
  readonly newcomer?: boolean;
}

function pickMerchant(ctx: CompromiseContext, category: string, user: User, wish: MerchantWish): Merchant {
  const where = (m: Merchant): boolean => (m.country !== user.homeCountry) === wish.foreign;
  if (wish.newcomer) {
    const open = openAt(ctx.population.newcomers.get(category) ?? [], ctx.seq).filter(where);
    if (open.length > 0) return riskWeighted(open, ctx.rng);
  }
  const established = ctx.population.establishedByCategory.get(category) ?? [];
  const wanted = established.filter(where);
  return riskWeighted(wanted.length > 0 ? wanted : established, ctx.rng);
}

/** Fraudsters favour merchants with weak controls. */
const riskWeighted = (merchants: readonly Merchant[], rng: Rng): Merchant =>
  rng.weightedPick(
    merchants,
    merchants.map((m) => m.risk),
  );
