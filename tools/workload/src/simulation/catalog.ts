/** The card-payments world: merchant categories and countries, with the parameters that shape spending. */

export interface CategorySpec {
  readonly name: string;
  /** Share of everyday spending, relative to the other categories. */
  readonly popularity: number;
  /** Typical amount as a multiple of the card holder's spending level. */
  readonly amountScale: number;
  /** Probability that a purchase in this category is made online. */
  readonly onlineShare: number;
  /** Cash withdrawals go through ATMs. */
  readonly atm?: boolean;
}

/** Everyday categories, present from the start of every run. */
export const Categories: readonly CategorySpec[] = [
  { name: 'grocery', popularity: 10, amountScale: 1.0, onlineShare: 0.08 },
  { name: 'restaurants', popularity: 7, amountScale: 0.8, onlineShare: 0.1 },
  { name: 'fuel', popularity: 4, amountScale: 1.3, onlineShare: 0.0 },
  { name: 'transport', popularity: 4, amountScale: 0.35, onlineShare: 0.4 },
  { name: 'retail', popularity: 5, amountScale: 1.1, onlineShare: 0.35 },
  { name: 'apparel', popularity: 3, amountScale: 1.6, onlineShare: 0.45 },
  { name: 'pharmacy', popularity: 2, amountScale: 0.6, onlineShare: 0.1 },
  { name: 'entertainment', popularity: 2, amountScale: 0.7, onlineShare: 0.6 },
  { name: 'digital_goods', popularity: 2, amountScale: 0.3, onlineShare: 1.0 },
  { name: 'travel', popularity: 1, amountScale: 5.0, onlineShare: 0.8 },
  { name: 'utilities', popularity: 1, amountScale: 2.0, onlineShare: 0.9 },
  { name: 'electronics', popularity: 1, amountScale: 3.5, onlineShare: 0.5 },
  { name: 'jewelry', popularity: 0.3, amountScale: 5.0, onlineShare: 0.3 },
  { name: 'gift_cards', popularity: 0.5, amountScale: 1.2, onlineShare: 0.6 },
  { name: 'cash_withdrawal', popularity: 2, amountScale: 2.5, onlineShare: 0.0, atm: true },
];

/** Categories that appear only with the `new-categories` drift: never seen before it starts. */
export const NewCategories: readonly CategorySpec[] = [
  { name: 'crypto_exchange', popularity: 1, amountScale: 4.0, onlineShare: 1.0 },
  { name: 'bnpl', popularity: 2, amountScale: 2.5, onlineShare: 0.9 },
  { name: 'ev_charging', popularity: 2, amountScale: 0.9, onlineShare: 0.0 },
];

/** Where card fraud cashes out in the classic pattern. */
export const RiskyCategories: readonly string[] = ['electronics', 'jewelry', 'gift_cards'];

/** Where card testers try small amounts: online, instant, no questions asked. */
export const CardTestingCategories: readonly string[] = ['digital_goods', 'gift_cards', 'entertainment'];

/** Where account takeover spends: plausible online shopping at familiar places. */
export const TakeoverCategories: readonly string[] = ['retail', 'apparel', 'electronics', 'travel'];

export interface CountrySpec {
  readonly code: string;
  readonly currency: string;
  /** Units of `currency` per euro; amounts are drawn in euros and converted. */
  readonly perEuro: number;
  /** Share of card holders living here (0: only merchants are here). */
  readonly residents: number;
  /** Share of merchants based here. */
  readonly merchants: number;
}

export const Countries: readonly CountrySpec[] = [
  { code: 'DE', currency: 'EUR', perEuro: 1, residents: 24, merchants: 20 },
  { code: 'FR', currency: 'EUR', perEuro: 1, residents: 18, merchants: 16 },
  { code: 'ES', currency: 'EUR', perEuro: 1, residents: 12, merchants: 11 },
  { code: 'IT', currency: 'EUR', perEuro: 1, residents: 12, merchants: 11 },
  { code: 'NL', currency: 'EUR', perEuro: 1, residents: 8, merchants: 8 },
  { code: 'BE', currency: 'EUR', perEuro: 1, residents: 4, merchants: 4 },
  { code: 'AT', currency: 'EUR', perEuro: 1, residents: 3, merchants: 3 },
  { code: 'IE', currency: 'EUR', perEuro: 1, residents: 2, merchants: 3 },
  { code: 'PT', currency: 'EUR', perEuro: 1, residents: 3, merchants: 3 },
  { code: 'GB', currency: 'GBP', perEuro: 0.85, residents: 10, merchants: 10 },
  { code: 'PL', currency: 'PLN', perEuro: 4.3, residents: 4, merchants: 4 },
  { code: 'US', currency: 'USD', perEuro: 1.08, residents: 0, merchants: 3 },
  { code: 'BR', currency: 'BRL', perEuro: 5.9, residents: 0, merchants: 1 },
  { code: 'SG', currency: 'SGD', perEuro: 1.45, residents: 0, merchants: 1 },
  { code: 'AE', currency: 'AED', perEuro: 3.95, residents: 0, merchants: 1 },
];

const byCode = new Map(Countries.map((c) => [c.code, c]));

export function countrySpec(code: string): CountrySpec {
  const spec = byCode.get(code);
  if (!spec) throw new RangeError(`unknown country ${code}`);
  return spec;
}

/** Euros to the merchant's currency, rounded to cents. */
export function toLocalAmount(euros: number, country: string): number {
  return Math.max(0.01, Math.round(euros * countrySpec(country).perEuro * 100) / 100);
}
