import type { Transaction } from '@mlops/contracts';
import { defineFeatureView, feature, replayEntity, type LoggedEvent } from '@mlops/features';
import { replayArchive } from './replay-archive';

const T0 = Date.UTC(2026, 0, 1);
const view = defineFeatureView({
  name: 'archive_spec',
  version: 1,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '1d',
  allowedLateness: '1m',
  features: [feature.count('n', { window: '1h' }), feature.timeSinceLast('since')],
});
let offset = 0;
const at = (user: string, atMs: number, id = `tx-${offset}`): LoggedEvent => {
  const event: Transaction = {
    event_id: id,
    event_time: T0 + atMs,
    user_id: user,
    card_id: 'c',
    merchant_id: 'm',
    merchant_category: 'grocery',
    amount: 1,
    currency: 'EUR',
    country: 'DE',
    channel: 'pos',
    card_present: true,
    device_id: null,
  };
  return { event, position: { partition: 0, offset: String((offset += 1)) } };
};

describe(replayArchive.name, () => {
  it('replays each entity on its own, in the order of the log', () => {
    const log = [at('a', 0), at('b', 5_000), at('a', 10_000), at('b', 6_000)];

    const replay = replayArchive(view, log);

    expect(replay.entities).toBe(2);
    expect(replay.vectors).toEqual([
      ...replayEntity(view, [log[0] as LoggedEvent, log[2] as LoggedEvent]).vectors,
      ...replayEntity(view, [log[1] as LoggedEvent, log[3] as LoggedEvent]).vectors,
    ]);
  });

  it('counts applied, replayed and too late events', () => {
    const first = at('a', 600_000);
    const log = [first, first, at('a', 0), at('a', 610_000, first.event['event_id'] as string), at('b', 0)];

    expect(replayArchive(view, log).outcomes).toEqual({ applied: 2, replayed: 2, tooLate: 1 });
  });

  it('gives the same vectors with the state stored as JSON between events', () => {
    const log = [at('a', 0), at('a', 1_000), at('a', 500), at('a', 7_200_000)];

    expect(replayArchive(view, log, { jsonRoundTrip: true })).toEqual(replayArchive(view, log));
  });
});
