import { Categories, Countries, NewCategories } from './catalog';
import { createPopulation, openAt } from './population';
import { Rng } from './rng';

describe(createPopulation.name, () => {
  const population = createPopulation(new Rng(1), { users: 2_000, merchants: 1_000 });

  it('creates the requested card holders with unique ids, cards and devices', () => {
    expect(population.users).toHaveLength(2_000);
    expect(new Set(population.users.map((u) => u.id)).size).toBe(2_000);
    expect(new Set(population.users.map((u) => u.cardId)).size).toBe(2_000);
    expect(population.users.every((u) => u.devices.length >= 1 && u.devices.length <= 2)).toBe(true);
  });

  it('makes card holders heterogeneous: heavy-tailed activity, spread-out spending levels', () => {
    const activity = population.users.map((u) => u.activity).sort((a, b) => b - a);
    const total = activity.reduce((s, a) => s + a, 0);
    const top10 = activity.slice(0, 200).reduce((s, a) => s + a, 0);
    expect(top10 / total).toBeGreaterThan(0.25);
    const spend = population.users.map((u) => u.spendLevel).sort((a, b) => a - b);
    expect((spend[1_800] ?? 0) / (spend[200] ?? 1)).toBeGreaterThan(2.5);
  });

  it('has an established merchant of every everyday category in every country with residents', () => {
    for (const category of Categories) {
      for (const country of Countries.filter((c) => c.residents > 0)) {
        expect(population.established.get(category.name)?.get(country.code)?.length ?? 0).toBeGreaterThan(0);
      }
    }
  });

  it('opens new merchants during the run, and keeps never-seen categories apart', () => {
    const newcomers = [...population.newcomers.values()].flat();
    expect(newcomers.length).toBeGreaterThan(40);
    expect(newcomers.every((m) => m.opensAt > 0)).toBe(true);
    const lastOpening = Math.max(...newcomers.map((m) => m.opensAt));
    expect(lastOpening / newcomers.length).toBeGreaterThan(150); // about one every 250 transactions
    expect(lastOpening / newcomers.length).toBeLessThan(400);
    const fresh = new Set(NewCategories.map((c) => c.name));
    expect([...population.establishedByCategory.keys()].some((c) => fresh.has(c))).toBe(false);
    expect([...population.newCategoryMerchants.keys()].sort()).toEqual([...fresh].sort());
  });

  it('is the same for the same seed', () => {
    expect(createPopulation(new Rng(1), { users: 2_000, merchants: 1_000 }).merchants).toEqual(population.merchants);
  });
});

describe(openAt.name, () => {
  it('gives the merchants opened at or before a transaction index', () => {
    const merchants = [5, 10, 10, 20].map((opensAt, i) => ({ id: `m${i}`, category: 'retail', country: 'DE', risk: 0.1, opensAt }));
    expect(openAt(merchants, 4)).toEqual([]);
    expect(openAt(merchants, 10).map((m) => m.id)).toEqual(['m0', 'm1', 'm2']);
    expect(openAt(merchants, 99)).toHaveLength(4);
  });
});
