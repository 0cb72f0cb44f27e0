import type { Transaction } from '@mlops/contracts';
import { hourOf, isNight } from './clock';
import { NewCategories } from './catalog';
import { parseDriftSchedule } from './drift';
import { WorkloadGenerator, type TransactionEvent, type WorkloadEvent, type WorkloadOptions } from './generator';

const HOUR_MS = 3_600_000;

type Options = Partial<WorkloadOptions> & { transactions: number };

function run(
  options: Options,
  limit = Number.POSITIVE_INFINITY,
): { events: WorkloadEvent[]; homeOf: (userId: string) => string | undefined } {
  const generator = new WorkloadGenerator({ runId: 'spec-run', ...options });
  const events: WorkloadEvent[] = [];
  for (const event of generator) {
    events.push(event);
    if (events.length >= limit) break;
  }
  const homes = new Map(generator.population.users.map((u) => [u.id, u.homeCountry]));
  return { events, homeOf: (userId) => homes.get(userId) };
}

const generate = (options: Options, limit?: number): WorkloadEvent[] => run(options, limit).events;

const transactionsOf = (events: readonly WorkloadEvent[]): TransactionEvent[] =>
  events.filter((e): e is TransactionEvent => e.kind === 'transaction');

const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/** Mean amount of legitimate euro transactions: one currency, so means compare without conversion. */
const legitEuroMean = (txs: readonly TransactionEvent[]): number =>
  mean(txs.filter((t) => !t.isFraud && t.value.currency === 'EUR').map((t) => t.value.amount));

describe(WorkloadGenerator.name, () => {
  describe('determinism', () => {
    it('gives the same stream for the same seed and run id', () => {
      const options = { seed: 7, transactions: 20_000, drift: parseDriftSchedule('covariate@0.3,concept@0.6') };
      const first = generate(options, 5_000);
      const second = generate(options, 5_000);
      expect(first).toHaveLength(5_000);
      expect(second).toEqual(first);
    });

    it('gives a different stream for a different seed', () => {
      const a = transactionsOf(generate({ seed: 1, transactions: 500 }));
      const b = transactionsOf(generate({ seed: 2, transactions: 500 }));
      expect(a.map((t) => t.value.event_id)).toEqual(b.map((t) => t.value.event_id)); // ids are positional
      const differing = a.filter((t, i) => t.value.amount !== b[i]?.value.amount || t.value.user_id !== b[i]?.value.user_id);
      expect(differing.length).toBeGreaterThan(450);
    });

    it('starts a longer run with the same transactions as a shorter one', () => {
      const short = transactionsOf(generate({ seed: 5, transactions: 1_000 }));
      const long = transactionsOf(generate({ seed: 5, transactions: 4_000 }));
      expect(long.slice(0, 1_000)).toEqual(short);
    });

    it('names events `${runId}-tx-${seq}` and keeps the content when only the run id changes', () => {
      const a = transactionsOf(generate({ runId: 'run-a', transactions: 100 }));
      const b = transactionsOf(generate({ runId: 'run-b', transactions: 100 }));
      expect(a.map((t) => t.value.event_id).slice(0, 3)).toEqual(['run-a-tx-0', 'run-a-tx-1', 'run-a-tx-2']);
      expect(b.map((t) => ({ ...t.value, event_id: '' }))).toEqual(a.map((t) => ({ ...t.value, event_id: '' })));
    });
  });

  describe('stream order and labels', () => {
    let events: WorkloadEvent[] = [];
    let txs: TransactionEvent[] = [];
    let homeOf: (userId: string) => string | undefined = () => undefined;

    beforeAll(() => {
      ({ events, homeOf } = run({ seed: 3, transactions: 20_000, meanGapMs: 60_000 }));
      txs = transactionsOf(events);
    });

    it('emits transactions in event-time order', () => {
      const times = txs.map((t) => t.value.event_time);
      expect(times.every((time, i) => i === 0 || time >= (times[i - 1] ?? 0))).toBe(true);
    });

    it('emits every label after its transaction, with label_time later than event_time', () => {
      const seen = new Map<string, Transaction>();
      let labels = 0;
      for (const event of events) {
        if (event.kind === 'transaction') {
          seen.set(event.value.event_id, event.value);
          continue;
        }
        labels += 1;
        const tx = seen.get(event.value.event_id);
        expect(tx).toBeDefined();
        expect(event.value.label_time).toBeGreaterThan(tx?.event_time ?? Number.POSITIVE_INFINITY);
        expect(event.value.user_id).toBe(tx?.user_id);
      }
      expect(labels).toBeGreaterThan(500);
    });

    it('emits a label only once the simulated clock has passed its label_time', () => {
      let clock = 0;
      for (const event of events) {
        if (event.kind === 'transaction') clock = event.value.event_time;
        else expect(event.value.label_time).toBeGreaterThanOrEqual(clock);
      }
    });

    it('gives every fraudulent transaction a chargeback by the end, and legitimate ones only is_fraud=false labels', () => {
      const labels = events.flatMap((e) => (e.kind === 'label' ? [e.value] : []));
      const byTx = new Map(labels.map((l) => [l.event_id, l]));
      expect(byTx.size).toBe(labels.length); // one label per transaction at most
      for (const tx of txs.filter((t) => t.isFraud))
        expect(byTx.get(tx.value.event_id)).toMatchObject({ is_fraud: true, source: 'chargeback' });
      const legitLabels = txs.filter((t) => !t.isFraud).flatMap((t) => byTx.get(t.value.event_id) ?? []);
      expect(legitLabels.every((l) => !l.is_fraud && l.source !== 'chargeback')).toBe(true);
      expect(legitLabels.length / txs.length).toBeGreaterThan(0.02);
      expect(legitLabels.length / txs.length).toBeLessThan(0.04);
    });

    it('spreads chargeback delays from minutes to weeks', () => {
      const txTime = new Map(txs.map((t) => [t.value.event_id, t.value.event_time]));
      const delays = events.flatMap((e) =>
        e.kind === 'label' && e.value.is_fraud ? [e.value.label_time - (txTime.get(e.value.event_id) ?? 0)] : [],
      );
      expect(Math.min(...delays)).toBeLessThan(HOUR_MS);
      expect(Math.max(...delays)).toBeGreaterThan(14 * 24 * HOUR_MS);
    });

    it('keeps the fraud rate within a sane band around the target', () => {
      const rate = txs.filter((t) => t.isFraud).length / txs.length;
      expect(rate).toBeGreaterThan(0.008);
      expect(rate).toBeLessThan(0.025);
    });

    it('follows a daily rhythm: far fewer transactions at 3–5 am than at midday', () => {
      const byHour = Array.from({ length: 24 }, () => 0);
      for (const t of txs) byHour[hourOf(t.value.event_time)] = (byHour[hourOf(t.value.event_time)] ?? 0) + 1;
      const night = (byHour[3] ?? 0) + (byHour[4] ?? 0);
      const midday = (byHour[12] ?? 0) + (byHour[13] ?? 0);
      expect(night * 5).toBeLessThan(midday);
    });

    it('writes consistent payments: currency from the country, card present unless online, a device only online', () => {
      const inconsistent = txs.filter(
        ({ value }) =>
          !(value.amount > 0) ||
          value.card_present !== (value.channel !== 'online') ||
          (value.device_id === null) !== (value.channel !== 'online') ||
          (value.country === 'DE' && value.currency !== 'EUR') ||
          (value.country === 'GB' && value.currency !== 'GBP'),
      );
      expect(inconsistent).toEqual([]);
    });

    it('makes fraud stand out the way a model can learn: night, abroad, card tests, new devices', () => {
      const frauds = txs.filter((t) => t.isFraud);
      const legit = txs.filter((t) => !t.isFraud);
      const share = (list: readonly TransactionEvent[], p: (t: TransactionEvent) => boolean): number => list.filter(p).length / list.length;
      expect(share(frauds, (t) => isNight(t.value.event_time))).toBeGreaterThan(3 * share(legit, (t) => isNight(t.value.event_time)));
      expect(share(frauds, (t) => t.value.amount < 2)).toBeGreaterThan(0.3);
      const abroad = (t: TransactionEvent): boolean => t.value.country !== homeOf(t.value.user_id);
      expect(share(frauds, abroad)).toBeGreaterThan(3 * share(legit, abroad));
      expect(frauds.every((t) => t.value.channel === 'online')).toBe(true);
      const legitDevices = new Set(legit.map((t) => `${t.value.user_id}/${t.value.device_id}`));
      expect(frauds.every((t) => !legitDevices.has(`${t.value.user_id}/${t.value.device_id}`))).toBe(true);
    });
  });

  describe('drift', () => {
    const drifted = (schedule: string): TransactionEvent[] =>
      transactionsOf(generate({ seed: 11, transactions: 30_000, meanGapMs: 30_000, drift: parseDriftSchedule(schedule) }));

    it('raises the mean amount by about the covariate factor after its point', () => {
      const txs = drifted('covariate:2.0@0.5');
      const before = legitEuroMean(txs.slice(0, 15_000));
      const after = legitEuroMean(txs.slice(15_000));
      expect(after / before).toBeGreaterThan(1.8);
      expect(after / before).toBeLessThan(2.2);
    });

    it('uses the default factor 1.8 and leaves a stream without drift unchanged', () => {
      const plain = drifted('');
      expect(legitEuroMean(plain.slice(15_000)) / legitEuroMean(plain.slice(0, 15_000))).toBeCloseTo(1, 0);
      const shifted = drifted('covariate@15000');
      const ratio = legitEuroMean(shifted.slice(15_000)) / legitEuroMean(shifted.slice(0, 15_000));
      expect(ratio).toBeGreaterThan(1.6);
      expect(ratio).toBeLessThan(2.0);
    });

    it('brings never-seen categories only after their point, with their own merchants', () => {
      const txs = drifted('new-categories:0.2@0.4');
      const fresh = new Set(NewCategories.map((c) => c.name));
      const isFresh = (t: TransactionEvent): boolean => fresh.has(t.value.merchant_category);
      expect(txs.slice(0, 12_000).some(isFresh)).toBe(false);
      const share = txs.slice(12_000).filter(isFresh).length / 18_000;
      expect(share).toBeGreaterThan(0.17);
      expect(share).toBeLessThan(0.23);
      const freshMerchants = new Set(txs.filter(isFresh).map((t) => t.value.merchant_id));
      expect(txs.some((t) => !isFresh(t) && freshMerchants.has(t.value.merchant_id))).toBe(false);
    });

    it('changes the fraud pattern after concept drift: no card testing, daytime, domestic', () => {
      const { events, homeOf } = run({ seed: 11, transactions: 30_000, meanGapMs: 30_000, drift: parseDriftSchedule('concept@0.5') });
      const txs = transactionsOf(events);
      const before = txs.slice(0, 15_000).filter((t) => t.isFraud);
      // Cash-outs planned before the drift may still come up to about a day and a half later: skip them.
      const after = txs.slice(20_000).filter((t) => t.isFraud);
      const night = (list: readonly TransactionEvent[]): number => list.filter((t) => isNight(t.value.event_time)).length / list.length;
      const tests = (list: readonly TransactionEvent[]): number => list.filter((t) => t.value.amount < 2).length / list.length;
      expect(tests(before)).toBeGreaterThan(0.3);
      expect(tests(after)).toBe(0);
      expect(night(after)).toBeLessThan(night(before) / 3);
      const abroad = (list: readonly TransactionEvent[]): number =>
        list.filter((t) => t.value.country !== homeOf(t.value.user_id)).length / list.length;
      expect(abroad(before)).toBeGreaterThan(0.3);
      expect(abroad(after)).toBeLessThan(0.1);
      expect(after.every((t) => t.fraudKind === 'takeover')).toBe(true);
      expect(after.length).toBeGreaterThan(80);
    });

    it('tags each transaction with the drift phase it belongs to', () => {
      const txs = drifted('covariate@0.25,concept@0.75');
      expect(txs[7_499]?.phase).toBe(0);
      expect(txs[7_500]?.phase).toBe(1);
      expect(txs[22_500]?.phase).toBe(2);
    });
  });

  it('drains only the pending labels, in time order, after stopTransactions', () => {
    const generator = new WorkloadGenerator({ runId: 'spec-run', transactions: 10_000 });
    for (let i = 0; i < 2_000; i += 1) generator.next();
    const emitted = generator.transactions;
    const pending = generator.pendingLabels;
    generator.stopTransactions();
    const rest = [...generator];
    expect(generator.transactions).toBe(emitted);
    expect(rest).toHaveLength(pending);
    const times = rest.map((e) => (e.kind === 'label' ? e.value.label_time : Number.NaN));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
