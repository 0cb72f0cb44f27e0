import { defineFeatureView, feature, userTransactionsV1 } from '@mlops/features';
import { ViewRegistry } from './view-registry';

const view = (name: string, version: number, names: string[]) =>
  defineFeatureView({
    name,
    version,
    entity: 'user',
    keyField: 'user_id',
    source: 'transactions',
    ttl: '1d',
    features: names.map((n) => feature.count(n, { window: '1h' })),
  });

describe(ViewRegistry.name, () => {
  const v1 = view('spend', 1, ['a', 'b']);
  const v2 = view('spend', 2, ['b', 'c', 'a']);
  const registry = new ViewRegistry([v1, v2, userTransactionsV1]);

  it('finds a view version, and the newest one when no version is given', () => {
    expect(registry.find('spend', 1)?.outputNames).toEqual(['a', 'b']);
    expect(registry.find('spend')?.version).toBe(2);
    expect(registry.find('spend', 3)).toBeUndefined();
    expect(registry.find('nope')).toBeUndefined();
  });

  it('precomputes each feature position of each version', () => {
    expect([...(registry.find('spend', 2)?.indexOf ?? [])]).toEqual([
      ['b', 0],
      ['c', 1],
      ['a', 2],
    ]);
    expect(registry.find('spend', 2)?.all).toEqual({ names: ['b', 'c', 'a'], indexes: [0, 1, 2] });
  });

  it('carries the TTL in ms and the entity kind', () => {
    expect(registry.find('user_transactions')).toMatchObject({ ttlMs: 30 * 86_400_000, entity: 'user' });
  });

  it('lists names in definition order and versions newest first', () => {
    expect(registry.names()).toEqual(['spend', 'user_transactions']);
    expect(registry.versions('spend')).toEqual([2, 1]);
    expect(registry.versions('nope')).toEqual([]);
    expect(registry.layouts().map((l) => `${l.name}@${l.version}`)).toEqual(['spend@2', 'spend@1', 'user_transactions@1']);
  });

  it('refuses a view version defined twice', () => {
    expect(() => new ViewRegistry([v1, view('spend', 1, ['x'])])).toThrow('feature view spend v1 is defined twice');
  });
});
