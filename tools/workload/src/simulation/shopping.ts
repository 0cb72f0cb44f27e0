import { Categories, NewCategories, toLocalAmount, type CategorySpec } from './catalog';
import { isNight } from './clock';
import type { DriftState } from './drift';
import type { Payment } from './payment';
import { openAt, type Merchant, type Population, type User } from './population';
import type { Rng } from './rng';

/** Share of everyday payments at a merchant that opened during the run. */
const NEWCOMER_SHARE = 0.04;
/** Share of everyday payments abroad or at a foreign web shop. */
const CROSS_BORDER_SHARE = 0.06;

/** An everyday payment at `time`: who pays, where, how much and through which channel. */
export function everydayPayment(
  population: Population,
  time: number,
  seq: number,
  state: DriftState,
  rng: Rng,
): Payment & { newCategory: boolean } {
  const user = (isNight(time) ? population.nighttimeUsers : population.daytimeUsers).pick(rng);
  const newCategory = state.newCategoryShare > 0 && rng.chance(state.newCategoryShare);
  const category = newCategory
    ? rng.weightedPick(
        NewCategories,
        NewCategories.map((c) => c.popularity),
      )
    : rng.weightedPick(Categories, user.categoryWeights);
  const merchant = newCategory
    ? newCategoryMerchant(population, category, user, rng)
    : everydayMerchant(population, category, user, seq, rng);
  const channel = category.atm ? 'atm' : rng.chance(Math.min(0.98, category.onlineShare * user.onlineAffinity)) ? 'online' : 'pos';
  const euros = user.spendLevel * category.amountScale * rng.lognormal(0, 0.6) * state.amountFactor;
  const amount = category.atm ? cashAmount(euros, merchant.country) : toLocalAmount(euros, merchant.country);
  return { user, merchant, amount, channel, deviceId: channel === 'online' ? rng.pick(user.devices) : null, newCategory };
}

function everydayMerchant(population: Population, category: CategorySpec, user: User, seq: number, rng: Rng): Merchant {
  if (rng.chance(NEWCOMER_SHARE)) {
    const open = openAt(population.newcomers.get(category.name) ?? [], seq);
    if (open.length > 0) return rng.pick(open);
  }
  if (rng.chance(CROSS_BORDER_SHARE)) return rng.pick(population.establishedByCategory.get(category.name) ?? []);
  const domestic = population.established.get(category.name)?.get(user.homeCountry);
  return rng.pick(domestic ?? population.establishedByCategory.get(category.name) ?? []);
}

function newCategoryMerchant(population: Population, category: CategorySpec, user: User, rng: Rng): Merchant {
  const all = population.newCategoryMerchants.get(category.name) ?? [];
  const domestic = all.filter((m) => m.country === user.homeCountry);
  return rng.pick(domestic.length > 0 && rng.chance(0.8) ? domestic : all);
}

/** ATMs pay out round sums: multiples of 10 in the local currency. */
function cashAmount(euros: number, country: string): number {
  return Math.max(10, Math.round(toLocalAmount(euros, country) / 10) * 10);
}
