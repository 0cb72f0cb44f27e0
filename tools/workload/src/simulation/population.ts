import { Categories, Countries, NewCategories, type CategorySpec } from './catalog';
import { WeightedTable, type Rng } from './rng';

export interface User {
  readonly id: string;
  readonly cardId: string;
  readonly homeCountry: string;
  /** Typical purchase in euros before the category's scale; lognormal across users. */
  readonly spendLevel: number;
  /** Relative share of daytime traffic; heavy-tailed (Pareto) across users. */
  readonly activity: number;
  /** Relative share of night-time traffic (00:00–05:59 UTC). */
  readonly nightActivity: number;
  /** Per everyday category, how much this user spends there (popularity × taste, favourites boosted). */
  readonly categoryWeights: readonly number[];
  /** Multiplies the category's online share: some people shop online far more than others. */
  readonly onlineAffinity: number;
  /** The devices this user shops online with (one or two). */
  readonly devices: readonly string[];
}

export interface Merchant {
  readonly id: string;
  readonly category: string;
  readonly country: string;
  /** Base risk in [0, 1); fraudsters favour riskier merchants. */
  readonly risk: number;
  /** The transaction index from which the merchant takes payments; 0 for established merchants. */
  readonly opensAt: number;
}

export interface PopulationOptions {
  /** Card holders. @default 2000 */
  readonly users?: number;
  /** Merchants, at least one per everyday category in every country with residents. @default 1000 */
  readonly merchants?: number;
  /** Share of merchants that open during the run rather than before it. @default 0.1 */
  readonly newMerchantShare?: number;
  /** Merchants per never-seen category (the `new-categories` drift). @default 25 */
  readonly merchantsPerNewCategory?: number;
  /**
   * Mean transactions between two openings of new merchants (exponential gaps, so a stream's
   * beginning does not depend on the run's length). @default 250
   */
  readonly newMerchantEvery?: number;
}

export interface Population {
  readonly users: readonly User[];
  readonly merchants: readonly Merchant[];
  /** Established merchants per category, then per country. */
  readonly established: ReadonlyMap<string, ReadonlyMap<string, readonly Merchant[]>>;
  /** Established merchants per category, any country. */
  readonly establishedByCategory: ReadonlyMap<string, readonly Merchant[]>;
  /** Merchants that open during the run, per category, by opening index. */
  readonly newcomers: ReadonlyMap<string, readonly Merchant[]>;
  /** Merchants of the never-seen categories, per category. */
  readonly newCategoryMerchants: ReadonlyMap<string, readonly Merchant[]>;
  readonly daytimeUsers: WeightedTable<User>;
  readonly nighttimeUsers: WeightedTable<User>;
}

/** Draws the card holders and merchants of a run; depends only on the generator and the options. */
export function createPopulation(rng: Rng, options: PopulationOptions = {}): Population {
  const ids = new OpaqueIds(rng);
  const users = Array.from({ length: options.users ?? 2000 }, (_, i) => createUser(rng, ids, i));
  const merchants = createMerchants(rng, ids, options);
  const established = merchants.filter((m) => m.opensAt === 0 && isEveryday(m.category));
  const newcomers = merchants.filter((m) => m.opensAt > 0).sort((a, b) => a.opensAt - b.opensAt);
  const fresh = merchants.filter((m) => !isEveryday(m.category));
  return {
    users,
    merchants,
    established: new Map([...groupBy(established, (m) => m.category)].map(([c, list]) => [c, groupBy(list, (m) => m.country)])),
    establishedByCategory: groupBy(established, (m) => m.category),
    newcomers: groupBy(newcomers, (m) => m.category),
    newCategoryMerchants: groupBy(fresh, (m) => m.category),
    daytimeUsers: new WeightedTable(users, (u) => u.activity),
    nighttimeUsers: new WeightedTable(users, (u) => u.nightActivity),
  };
}

/** The merchants of `list` open at transaction index `seq` (the list is sorted by opening index). */
export function openAt(list: readonly Merchant[], seq: number): readonly Merchant[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.opensAt ?? 0) <= seq) lo = mid + 1;
    else hi = mid;
  }
  return list.slice(0, lo);
}

function createUser(rng: Rng, ids: OpaqueIds, index: number): User {
  const activity = Math.min(50, rng.pareto(1.6));
  const favourites = new Set([0, 1, 2].map(() => rng.int(0, Categories.length - 1)));
  return {
    id: `user-${index}`,
    cardId: ids.next('card'),
    homeCountry: rng.weightedPick(
      Countries.map((c) => c.code),
      Countries.map((c) => c.residents),
    ),
    spendLevel: rng.lognormal(Math.log(35), 0.5),
    activity,
    nightActivity: activity * Math.min(4, rng.lognormal(Math.log(0.5), 0.9)),
    categoryWeights: Categories.map((c, i) => c.popularity * rng.lognormal(0, 0.6) * (favourites.has(i) ? 4 : 1)),
    onlineAffinity: rng.lognormal(0, 0.5),
    devices: Array.from({ length: rng.chance(0.35) ? 2 : 1 }, () => ids.next('dev')),
  };
}

function createMerchants(rng: Rng, ids: OpaqueIds, options: PopulationOptions): Merchant[] {
  const merchant = (category: CategorySpec, country: string, opensAt: number): Merchant => ({
    id: ids.next('m'),
    category: category.name,
    country,
    risk: Math.min(0.99, rng.lognormal(Math.log(0.05), 0.9)),
    opensAt,
  });
  const residentCountries = Countries.filter((c) => c.residents > 0);
  const merchants = Categories.flatMap((category) => residentCountries.map((country) => merchant(category, country.code, 0)));
  const extra = Math.max(0, (options.merchants ?? 1000) - merchants.length);
  const popularity = Categories.map((c) => c.popularity);
  let opening = 0;
  for (let i = 0; i < extra; i += 1) {
    const isNew = rng.chance(options.newMerchantShare ?? 0.1);
    if (isNew) opening += 1 + Math.floor(rng.exponential(1 / (options.newMerchantEvery ?? 250)));
    // Newcomers are spread evenly over categories, so the risky ones always have some.
    const category = isNew ? rng.pick(Categories) : rng.weightedPick(Categories, popularity);
    merchants.push(merchant(category, merchantCountry(rng), isNew ? opening : 0));
  }
  for (const category of NewCategories) {
    for (let i = 0; i < (options.merchantsPerNewCategory ?? 25); i += 1) merchants.push(merchant(category, merchantCountry(rng), 0));
  }
  return merchants;
}

const merchantCountry = (rng: Rng): string =>
  rng.weightedPick(
    Countries.map((c) => c.code),
    Countries.map((c) => c.merchants),
  );

const everyday = new Set(Categories.map((c) => c.name));
const isEveryday = (category: string): boolean => everyday.has(category);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Ids that reveal nothing (no index that would tell a model which merchant is new or which device is a fraudster's). */
export class OpaqueIds {
  private readonly taken = new Set<string>();

  constructor(private readonly rng: Rng) {}

  next(prefix: string): string {
    for (;;) {
      const id = `${prefix}-${this.rng.nextUint32().toString(16).padStart(8, '0')}`;
      if (!this.taken.has(id)) {
        this.taken.add(id);
        return id;
      }
    }
  }
}
