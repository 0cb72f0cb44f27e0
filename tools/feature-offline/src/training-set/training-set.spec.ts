import type { Transaction } from '@mlops/contracts';
import { defineFeatureView, feature, pointInTime, replayEntity, type LoggedEvent } from '@mlops/features';
import { parseCsv } from './csv';
import { buildTrainingSet } from './training-set';
import { trainingSetCsv, trainingSetNdjson } from './training-set-output';

const T0 = Date.UTC(2026, 0, 1);
const view = defineFeatureView({
  name: 'training_spec',
  version: 1,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '30d',
  allowedLateness: '1m',
  features: [
    feature.count('count_1h', { window: '1h' }),
    feature.last('last_amount', 'amount'),
    feature.derived('amount', (request) => (typeof request['amount'] === 'number' ? request['amount'] : null)),
  ],
});

const tx = (id: string, user: string, atMs: number, amount: number): Transaction => ({
  event_id: id,
  event_time: T0 + atMs,
  user_id: user,
  card_id: 'c',
  merchant_id: 'm',
  merchant_category: 'grocery',
  amount,
  currency: 'EUR',
  country: 'DE',
  channel: 'pos',
  card_present: true,
  device_id: null,
});
const logged = (...events: Transaction[]): LoggedEvent[] =>
  events.map((event, i) => ({ event, position: { partition: 0, offset: String(i) } }));

const u1 = logged(tx('a', 'u1', 0, 10), tx('b', 'u1', 60_000, 0.1 + 0.2), tx('late', 'u1', -3_600_000, 5));
const events = new Map([['u1', u1]]);

describe(buildTrainingSet.name, () => {
  it('gives a row naming an event that event’s own vector, as the stream computed it', () => {
    const { examples, missing } = buildTrainingSet(view, [{ entity_id: 'u1', timestamp: T0 + 60_000, event_id: 'b', label: '1' }], events);

    expect(missing).toEqual([]);
    expect(examples).toEqual([
      { entity_id: 'u1', timestamp: T0 + 60_000, event_id: 'b', label: '1', values: replayEntity(view, u1).vectors[1]?.values },
    ]);
    expect(examples[0]?.values).toEqual([2, 10, 0.1 + 0.2]);
  });

  it('gives a row without an event the point-in-time vector as of its timestamp', () => {
    const { examples } = buildTrainingSet(view, [{ entity_id: 'u1', timestamp: T0 + 30_000, label: '0' }], events);

    expect(examples[0]?.values).toEqual(pointInTime(view, u1, T0 + 30_000));
    expect(examples[0]?.values).toEqual([1, 10, null]);
  });

  it('gives an entity without archived events empty aggregates', () => {
    expect(buildTrainingSet(view, [{ entity_id: 'nobody', timestamp: T0 }], events).examples[0]?.values).toEqual([0, null, null]);
  });

  it('lists rows whose event got no vector, with the reason', () => {
    const rows = [
      { entity_id: 'u1', timestamp: T0, event_id: 'late' },
      { entity_id: 'u1', timestamp: T0, event_id: 'unknown' },
      { entity_id: 'u2', timestamp: T0, event_id: 'x' },
    ];

    expect(buildTrainingSet(view, rows, events)).toEqual({
      examples: [],
      missing: [
        { row: rows[0], reason: 'too_late' },
        { row: rows[1], reason: 'not_archived' },
        { row: rows[2], reason: 'not_archived' },
      ],
    });
  });
});

describe(trainingSetCsv.name, () => {
  it('writes a header and one line per example, null as an empty cell and doubles exactly', () => {
    const csv = [...trainingSetCsv(view, [{ entity_id: 'u,1', timestamp: 5, label: '1', values: [2, null, 0.1 + 0.2] }])].join('');

    expect(csv).toBe('entity_id,timestamp,label,count_1h,last_amount,amount\n"u,1",5,1,2,,0.30000000000000004\n');
    expect(Number(parseCsv(csv)[1]?.[5])).toBe(0.1 + 0.2);
  });

  it('adds the event_id column when a row names an event', () => {
    const csv = [...trainingSetCsv(view, [{ entity_id: 'u1', timestamp: 5, event_id: 'e', values: [1, 2, 3] }])].join('');

    expect(csv.split('\n')[0]).toBe('entity_id,timestamp,event_id,count_1h,last_amount,amount');
  });
});

describe(trainingSetNdjson.name, () => {
  it('writes one object per example with the features by name', () => {
    const lines = [...trainingSetNdjson(view, [{ entity_id: 'u1', timestamp: 5, event_id: 'e', label: '0', values: [1, null, 3] }])];

    expect(lines).toEqual([
      '{"entity_id":"u1","timestamp":5,"event_id":"e","label":"0","features":{"count_1h":1,"last_amount":null,"amount":3}}\n',
    ]);
  });
});
