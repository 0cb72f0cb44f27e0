import { defineFeatureView, encodeVector, feature } from '@mlops/features';
import { ViewRegistry } from '../views/view-registry';
import { entityFeatures, isExpired, modelInputs } from './feature-status';

const HOUR = 3_600_000;
const spend = defineFeatureView({
  name: 'spend',
  version: 1,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '1h',
  features: [feature.count('a', { window: '1h' }), feature.count('b', { window: '1h' }), feature.count('c', { window: '1h' })],
});
const shop = defineFeatureView({
  name: 'shop',
  version: 1,
  entity: 'merchant',
  keyField: 'merchant_id',
  source: 'transactions',
  ttl: '2h',
  features: [feature.count('x', { window: '1h' })],
});
const registry = new ViewRegistry([spend, shop]);
const layout = registry.find('spend') as NonNullable<ReturnType<ViewRegistry['find']>>;
const shopLayout = registry.find('shop') as NonNullable<ReturnType<ViewRegistry['find']>>;
const T = 1_767_225_600_000;
const packed = (eventTime: number, values: (number | null)[]) => encodeVector({ eventTime, computedAt: eventTime + 3, values });

describe(isExpired.name, () => {
  it('expires a vector once more than the TTL passed since its event time', () => {
    expect(isExpired(T, HOUR, T + HOUR)).toBe(false);
    expect(isExpired(T, HOUR, T + HOUR + 1)).toBe(true);
  });

  it('never expires a vector from the future', () => {
    expect(isExpired(T + 5_000, HOUR, T)).toBe(false);
  });
});

describe(entityFeatures.name, () => {
  it('serves a vector within its TTL as present, with its age, null values as missing', () => {
    const result = entityFeatures('u1', packed(T, [1.5, null, 0]), layout, layout.all, T + 250);
    expect(result).toEqual({
      entity_id: 'u1',
      status: 'present',
      event_time: T,
      age_ms: 250,
      features: {
        a: { value: 1.5, status: 'present', age_ms: 250 },
        b: { value: null, status: 'missing', age_ms: 250 },
        c: { value: 0, status: 'present', age_ms: 250 },
      },
    });
  });

  it('withholds every value of a vector past its TTL, marking each expired', () => {
    const result = entityFeatures('u1', packed(T, [1.5, null, 0]), layout, layout.all, T + HOUR + 1);
    expect(result.status).toBe('expired');
    expect(result.event_time).toBe(T);
    expect(result.age_ms).toBe(HOUR + 1);
    expect(Object.values(result.features)).toEqual([
      { value: null, status: 'expired', age_ms: HOUR + 1 },
      { value: null, status: 'expired', age_ms: HOUR + 1 },
      { value: null, status: 'expired', age_ms: HOUR + 1 },
    ]);
  });

  it('still serves a vector exactly TTL old', () => {
    expect(entityFeatures('u1', packed(T, [1, 2, 3]), layout, layout.all, T + HOUR).status).toBe('present');
  });

  it('reports an entity without a vector as missing, with no time and no age', () => {
    expect(entityFeatures('nobody', null, layout, { names: ['c', 'a'], indexes: [2, 0] }, T)).toEqual({
      entity_id: 'nobody',
      status: 'missing',
      event_time: null,
      age_ms: null,
      features: { c: { value: null, status: 'missing', age_ms: null }, a: { value: null, status: 'missing', age_ms: null } },
    });
  });

  it('returns only the selected features, in the selection order', () => {
    const result = entityFeatures('u1', packed(T, [1, 2, 3]), layout, { names: ['c', 'a'], indexes: [2, 0] }, T);
    expect(Object.entries(result.features).map(([name, f]) => [name, f.value])).toEqual([
      ['c', 3],
      ['a', 1],
    ]);
  });

  it('reports a negative age for an event time ahead of the clock', () => {
    expect(entityFeatures('u1', packed(T + 40, [1, 2, 3]), layout, layout.all, T).age_ms).toBe(-40);
  });
});

describe(modelInputs.name, () => {
  const plan = {
    reads: [
      { layout, entityId: 'u1' },
      { layout: shopLayout, entityId: 'm1' },
    ],
    slots: [
      { read: 1, index: 0 },
      { read: 0, index: 2 },
      { read: 0, index: 1 },
      { read: 0, index: 0 },
    ],
  };

  it("puts values in the model's order across views, each with its status", () => {
    expect(modelInputs(plan, [packed(T, [1, null, 3]), packed(T, [9])], T + 10)).toEqual({
      values: [9, 3, null, 1],
      statuses: ['present', 'present', 'missing', 'present'],
    });
  });

  it("applies each view's own TTL", () => {
    const now = T + HOUR + 1;
    expect(modelInputs(plan, [packed(T, [1, 2, 3]), packed(T, [9])], now)).toEqual({
      values: [9, null, null, null],
      statuses: ['present', 'expired', 'expired', 'expired'],
    });
  });

  it('reports inputs of an absent vector as missing', () => {
    expect(modelInputs(plan, [packed(T, [1, 2, 3]), null], T)).toEqual({
      values: [null, 3, 2, 1],
      statuses: ['missing', 'present', 'present', 'present'],
    });
  });
});
