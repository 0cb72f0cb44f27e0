import type { Transaction } from '@mlops/contracts';
import { labelFor } from './labels';
import { Rng } from './rng';

const tx: Transaction = {
  event_id: 'run-tx-1',
  event_time: Date.UTC(2026, 0, 1),
  user_id: 'user-1',
  card_id: 'card-1',
  merchant_id: 'm-1',
  merchant_category: 'electronics',
  amount: 900,
  currency: 'EUR',
  country: 'DE',
  channel: 'online',
  card_present: false,
  device_id: 'dev-1',
};

describe(labelFor.name, () => {
  it('charges back every fraud, after the transaction, from minutes to about a month later', () => {
    const rng = new Rng(1);
    const labels = Array.from({ length: 5_000 }, () => labelFor(tx, true, rng));
    expect(labels.every((l) => l?.label.source === 'chargeback' && l.label.is_fraud && l.label.event_id === 'run-tx-1')).toBe(true);
    const delays = labels.map((l) => (l?.time ?? 0) - tx.event_time).sort((a, b) => a - b);
    expect(delays[0]).toBeGreaterThanOrEqual(2 * 60_000);
    expect(delays[2_500]).toBeGreaterThan(12 * 3_600_000); // median about a day
    expect(delays[2_500]).toBeLessThan(48 * 3_600_000);
    expect(delays.at(-1)).toBeLessThanOrEqual(45 * 24 * 3_600_000);
    expect(labels.every((l) => l?.label.label_time === l?.time)).toBe(true);
  });

  it('labels a small share of legitimate payments as not fraud, by review or the customer', () => {
    const rng = new Rng(2);
    const labels = Array.from({ length: 20_000 }, () => labelFor(tx, false, rng, { legitLabelShare: 0.03 })).flatMap((l) => l ?? []);
    expect(labels.length / 20_000).toBeGreaterThan(0.025);
    expect(labels.length / 20_000).toBeLessThan(0.035);
    expect(labels.every((l) => !l.label.is_fraud && l.label.source !== 'chargeback' && l.time > tx.event_time)).toBe(true);
    expect(new Set(labels.map((l) => l.label.source))).toEqual(new Set(['review', 'customer']));
  });
});
