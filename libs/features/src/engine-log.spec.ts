import type { Transaction } from '@mlops/contracts';
import { feature } from './definition';
import { processEvent, type LogPosition, type Outcome } from './engine';
import { decodeState, encodeState, type EntityState } from './entity-state';
import { defineFeatureView } from './view';

const T0 = Date.UTC(2026, 0, 1);

const view = defineFeatureView({
  name: 'engine_log_spec',
  version: 1,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '30d',
  allowedLateness: '1m',
  features: [
    feature.count('count_1m', { window: '1m' }),
    feature.sum('amount_sum_1m', 'amount', { window: '1m' }),
    feature.stddev('amount_stddev_10m', 'amount', { window: '10m' }),
    feature.count('count_10m', { window: '10m' }),
    feature.distinct('devices_10m', 'device_id', { window: '10m' }),
    feature.last('last_amount', 'amount'),
    feature.lastN('previous_amount', 'amount', 3),
    feature.timeSinceLast('since_last'),
    feature.derived('amount_over_sum', (request, f) => (request['amount'] as number) / (f['amount_sum_1m'] ?? Number.NaN)),
  ],
});

let sequence = 0;
const tx = (atMs: number, fields: Partial<Transaction> = {}): Transaction => ({
  event_id: `tx-${(sequence += 1)}`,
  event_time: T0 + atMs,
  user_id: 'u1',
  card_id: 'c1',
  merchant_id: 'm1',
  merchant_category: 'grocery',
  amount: 10,
  currency: 'EUR',
  country: 'DE',
  channel: 'pos',
  card_present: true,
  device_id: null,
  ...fields,
});

const at = (offset: number, partition = 0): LogPosition => ({ partition, offset: String(offset) });
const valueOf = (values: readonly (number | null)[] | null, name: string): number | null | undefined =>
  values?.[view.outputNames.indexOf(name)];

/** The state after processing `events` at offsets 0, 1, … of partition 0. */
function stateAfter(events: readonly Transaction[]): EntityState {
  return events.reduce<EntityState | undefined>(
    (state, event, i) => processEvent(view, state, event, at(i)).state,
    undefined,
  ) as EntityState;
}

/** Starts of a tile group's tiles, relative to T0. */
const tileStarts = (state: EntityState, group: string): number[] => (state.tiles[group] ?? []).map(([start]) => start - T0);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe(`${processEvent.name}: replays`, () => {
  it('skips an event at a log position already processed as replayed, returning the state unchanged', () => {
    const state = stateAfter([tx(0), tx(1_000)]);
    const before = structuredClone(state);

    const result = processEvent(view, state, tx(2_000), at(1));

    expect(result).toEqual({ outcome: 'replayed', values: null, state: before });
  });

  it('skips an earlier offset of the same partition as replayed', () => {
    expect(processEvent(view, stateAfter([tx(0), tx(1_000), tx(2_000)]), tx(3_000), at(0)).outcome).toBe('replayed');
  });

  it('compares offsets as 64-bit integers, not as text', () => {
    const state = processEvent(view, undefined, tx(0), { partition: 0, offset: '9' }).state;

    expect(processEvent(view, state, tx(1_000), { partition: 0, offset: '10' }).outcome).toBe('applied');
    expect(processEvent(view, state, tx(1_000), { partition: 0, offset: '9007199254740993' }).outcome).toBe('applied');
  });

  it('keeps positions per partition: the same offset on another partition is applied', () => {
    const state = stateAfter([tx(0), tx(1_000)]);

    const result = processEvent(view, state, tx(2_000), at(1, 3));

    expect(result.outcome).toBe('applied');
    expect(valueOf(result.values, 'count_1m')).toBe(3);
    expect(result.state.positions).toEqual({ '0': '1', '3': '1' });
  });

  it('applies every event when no position is given', () => {
    const first = processEvent(view, undefined, tx(0));

    expect(processEvent(view, first.state, tx(1_000)).outcome).toBe('applied');
  });

  it('skips a duplicate of a recent event id at a new log position, aggregating nothing', () => {
    const event = tx(0);
    const state = stateAfter([event, tx(1_000)]);

    const result = processEvent(view, state, { ...event }, at(2));

    expect(result.outcome).toBe('replayed');
    expect(result.values).toBeNull();
    expect(result.state).toEqual({ ...state, positions: { '0': '2' } });
  });
});

describe(`${processEvent.name}: late events`, () => {
  it('aggregates a late event within the allowance into its own, earlier tile', () => {
    const state = stateAfter([tx(5_000), tx(25_000)]);

    const result = processEvent(view, state, tx(12_300), at(2));

    expect(result.outcome).toBe('applied');
    expect(tileStarts(result.state, '*|*|1000')).toEqual([5_000, 12_000, 25_000]);
    expect(tileStarts(result.state, '*|*|10000')).toEqual([0, 10_000, 20_000]);
  });

  it('gives a late event a vector without the tiles after its own, and leaves the watermark', () => {
    const state = stateAfter([tx(5_000), tx(25_000)]);

    const result = processEvent(view, state, tx(12_300, { amount: 1 }), at(2));

    expect(valueOf(result.values, 'count_1m')).toBe(2);
    expect(valueOf(result.values, 'count_10m')).toBe(2);
    expect(valueOf(result.values, 'amount_sum_1m')).toBe(11);
    expect(result.state.watermark).toBe(T0 + 25_000);
  });

  it('counts a late event in the windows of the events after it in the log', () => {
    const state = stateAfter([tx(5_000), tx(25_000), tx(12_300)]);

    expect(valueOf(processEvent(view, state, tx(30_000), at(3)).values, 'count_1m')).toBe(4);
  });

  it('treats a late event as the previous event of the next one, in log order', () => {
    const state = stateAfter([tx(5_000), tx(25_000), tx(12_000, { amount: 3 })]);

    const values = processEvent(view, state, tx(30_000), at(3)).values;

    expect(valueOf(values, 'last_amount')).toBe(3);
    expect(valueOf(values, 'since_last')).toBe(18);
  });

  it('aggregates an event exactly allowedLateness behind the watermark', () => {
    const state = stateAfter([tx(100_000)]);

    expect(processEvent(view, state, tx(40_000), at(1)).outcome).toBe('applied');
  });

  it('marks an event more than allowedLateness behind as too_late: no vector, nothing aggregated, position advanced', () => {
    const state = stateAfter([tx(100_000), tx(110_000)]);

    const result = processEvent(view, state, tx(49_999), at(2));

    expect(result.outcome).toBe('too_late');
    expect(result.values).toBeNull();
    expect(result.state).toEqual({ ...state, positions: { '0': '2' } });
    expect(result.state.watermark).toBe(T0 + 110_000);
  });

  it('does not count a too_late event in later vectors', () => {
    const late = processEvent(view, stateAfter([tx(100_000)]), tx(0), at(1));

    const values = processEvent(view, late.state, tx(101_000), at(2)).values;

    expect(valueOf(values, 'count_10m')).toBe(2);
    expect(valueOf(values, 'since_last')).toBe(1);
  });
});

describe(`${processEvent.name}: pruning`, () => {
  it('keeps the tiles a late event at the allowance limit still needs', () => {
    const state = stateAfter([tx(2_000), tx(121_000)]);
    expect(tileStarts(state, '*|*|1000')).toEqual([2_000, 121_000]);

    const late = processEvent(view, state, tx(61_000), at(2));

    expect(valueOf(late.values, 'count_1m')).toBe(2);
  });

  it('drops tiles older than the longest window of their group before the allowance limit', () => {
    // 1 s tiles, 1 min window, 1 min allowance: the watermark at 121 s keeps tiles from 121 − 60 − 60 = 1 s on.
    const state = stateAfter([tx(0), tx(1_000), tx(121_000)]);

    expect(tileStarts(state, '*|*|1000')).toEqual([1_000, 121_000]);
    expect(tileStarts(state, '*|*|10000')).toEqual([0, 120_000]);
  });

  it('drops every tile of a group once all of them are out of reach', () => {
    const state = stateAfter([tx(0), tx(86_400_000)]);

    expect(tileStarts(state, '*|*|1000')).toEqual([86_400_000]);
    expect(tileStarts(state, '*|*|10000')).toEqual([86_400_000]);
  });
});

describe(`${processEvent.name}: purity and determinism`, () => {
  it('does not modify the state passed in', () => {
    const state = deepFreeze(stateAfter([tx(0, { device_id: 'd1' }), tx(1_000)]));

    expect(() => processEvent(view, state, tx(2_000, { device_id: 'd2' }), at(2))).not.toThrow();
    expect(() => processEvent(view, state, tx(-60_000), at(3))).not.toThrow();
  });

  /** A seeded mix of in-order, late, too-late, replayed and duplicate events over two partitions. */
  function messyLog(count: number): { event: Transaction; position: LogPosition }[] {
    let seed = 12_345;
    const random = (): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    const log: { event: Transaction; position: LogPosition }[] = [];
    const offsets = [0, 0];
    let clock = 0;
    for (let i = 0; i < count; i += 1) {
      const partition = random() < 0.8 ? 0 : 1;
      const roll = random();
      if (roll < 0.05 && log.length > 0) {
        log.push(log[Math.floor(random() * log.length)] as { event: Transaction; position: LogPosition });
        continue;
      }
      clock += Math.floor(random() * 20_000);
      const time = roll < 0.15 ? clock - Math.floor(random() * 90_000) : clock;
      const event = tx(time, {
        amount: Math.round(random() * 100_000) / 100 / 3,
        device_id: random() < 0.3 ? null : `d${Math.floor(random() * 40)}`,
        channel: random() < 0.5 ? 'online' : 'pos',
      });
      log.push({ event, position: { partition, offset: String((offsets[partition] = (offsets[partition] ?? 0) + 1)) } });
      if (roll > 0.97)
        log.push({ event: { ...event }, position: { partition, offset: String((offsets[partition] = (offsets[partition] ?? 0) + 1)) } });
    }
    return log;
  }

  function replay(
    log: ReturnType<typeof messyLog>,
    roundTrip: boolean,
    inPlace = false,
  ): { outcome: Outcome; values: (number | null)[] | null }[] {
    let stored: string | undefined;
    let state: EntityState | undefined;
    return log.map(({ event, position }) => {
      const result = processEvent(view, roundTrip ? decodeState(stored) : state, event, position, { inPlace });
      state = result.state;
      stored = encodeState(result.state);
      return { outcome: result.outcome, values: result.values };
    });
  }

  const log = messyLog(300);
  const inMemory = replay(log, false);

  it('covers every outcome in the generated log', () => {
    expect(new Set(inMemory.map((r) => r.outcome))).toEqual(new Set(['applied', 'replayed', 'too_late']));
  });

  it('gives the same outcomes and vectors, bit for bit, when the events are processed again', () => {
    expect(replay(log, false)).toEqual(inMemory);
  });

  it('gives the same outcomes and vectors, bit for bit, with the state stored as JSON between every event', () => {
    expect(replay(log, true)).toEqual(inMemory);
  });

  it('gives the same outcomes and vectors, bit for bit, when the state is updated in place', () => {
    expect(replay(log, false, true)).toEqual(inMemory);
  });
});
