import type { Label, Transaction } from '@mlops/contracts';
import { FraudIntensity, HourlyIntensity, nextArrival } from './clock';
import { resolveDriftSchedule, type DriftSpec } from './drift';
import { DriftTimeline, type DriftPhase } from './drift-timeline';
import { compromiseRatePerMs, fraudPayment, planCompromise, type FraudKind, type PlannedFraud } from './fraud';
import { labelFor, type PendingLabel } from './labels';
import { MinHeap } from './min-heap';
import { toTransaction, type Payment } from './payment';
import { OpaqueIds, createPopulation, type Population } from './population';
import { Rng } from './rng';
import { everydayPayment } from './shopping';

export interface WorkloadOptions {
  /** Prefix of every event id: `${runId}-tx-${seq}`. */
  readonly runId: string;
  /** The same seed (and options) gives the same stream. @default 42 */
  readonly seed?: number | string;
  /** Transactions in the run; labels come on top. */
  readonly transactions: number;
  /** Simulated time of the run's start (ms since the epoch). @default 2026-01-01T00:00:00Z */
  readonly startMs?: number;
  /** Mean simulated time between everyday transactions, averaged over a day. @default 18000 (ms) */
  readonly meanGapMs?: number;
  /** Card holders. @default 2000 */
  readonly users?: number;
  /** Merchants. @default 1000 */
  readonly merchants?: number;
  /** Target share of transactions that are fraud. @default 0.015 */
  readonly fraudRate?: number;
  /** Share of legitimate transactions that get a review/customer label. @default 0.03 */
  readonly legitLabelShare?: number;
  /** Drifts, by position in the run. @default none */
  readonly drift?: readonly DriftSpec[];
}

export type TransactionEvent = {
  readonly kind: 'transaction';
  readonly value: Transaction;
  readonly isFraud: boolean;
  readonly fraudKind: FraudKind | null;
  /** Index of the transaction in the run, from 0. */
  readonly seq: number;
  /** The drift phase it belongs to ({@link DriftTimeline.phases}). */
  readonly phase: number;
  /** At a category that only exists after new-categories drift. */
  readonly newCategory: boolean;
};

export type WorkloadEvent = TransactionEvent | { readonly kind: 'label'; readonly value: Label };

export const DefaultStartMs = Date.UTC(2026, 0, 1);

/**
 * The workload as a deterministic stream: everyday payments on a daily rhythm, fraud bursts from
 * compromised cards, and labels once the simulated clock passes their time. Transactions come in
 * event-time order; a label comes after its transaction, when the clock reaches its `label_time`.
 * After the last transaction (or {@link stopTransactions}) the pending labels follow in time order.
 */
export class WorkloadGenerator implements IterableIterator<WorkloadEvent> {
  readonly population: Population;
  readonly timeline: DriftTimeline;
  private readonly arrivals: Rng;
  private readonly shopping: Rng;
  private readonly fraud: Rng;
  private readonly labelling: Rng;
  private readonly ids: OpaqueIds;
  private readonly meanGapMs: number;
  private readonly fraudRate: number;
  private readonly planned = new MinHeap<PlannedFraud>();
  private readonly labels = new MinHeap<PendingLabel>();
  private nextEveryday: number;
  private nextCompromise: number;
  private seq = 0;
  private draining = false;
  private time: number;

  constructor(private readonly options: WorkloadOptions) {
    const root = new Rng(options.seed ?? 42);
    this.population = createPopulation(root.fork('population'), { users: options.users, merchants: options.merchants });
    this.arrivals = root.fork('arrivals');
    this.shopping = root.fork('shopping');
    this.fraud = root.fork('fraud');
    this.labelling = root.fork('labels');
    this.ids = new OpaqueIds(this.fraud.fork('ids'));
    this.timeline = new DriftTimeline(resolveDriftSchedule(options.drift ?? [], options.transactions));
    this.meanGapMs = options.meanGapMs ?? 18_000;
    this.fraudRate = options.fraudRate ?? 0.015;
    this.time = options.startMs ?? DefaultStartMs;
    this.nextEveryday = nextArrival(this.time, this.meanGapMs, HourlyIntensity, this.arrivals);
    this.nextCompromise = this.drawCompromise(this.time);
  }

  /** Simulated time of the last event (ms since the epoch). */
  get simTime(): number {
    return this.time;
  }

  /** Transactions emitted so far. */
  get transactions(): number {
    return this.seq;
  }

  get pendingLabels(): number {
    return this.labels.size;
  }

  /** The drift phase of the next transaction. */
  get phase(): DriftPhase {
    return this.timeline.phaseAt(this.seq);
  }

  /** No more transactions: only the pending labels follow, in time order. */
  stopTransactions(): void {
    this.draining = true;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<WorkloadEvent, undefined> {
    if (this.seq >= this.options.transactions) this.draining = true;
    const event = this.draining ? this.nextPendingLabel() : this.nextEvent();
    return event ? { done: false, value: event } : { done: true, value: undefined };
  }

  private nextEvent(): WorkloadEvent {
    for (;;) {
      const fraudAt = this.planned.peek()?.time ?? Number.POSITIVE_INFINITY;
      const txAt = Math.min(this.nextEveryday, fraudAt);
      const due = this.labels.peek();
      if (due && due.time <= Math.min(txAt, this.nextCompromise)) return this.emitLabel(due);
      if (this.nextCompromise < txAt) {
        this.startCompromise();
        continue;
      }
      return fraudAt < this.nextEveryday ? this.emitFraud() : this.emitEveryday();
    }
  }

  private nextPendingLabel(): WorkloadEvent | undefined {
    const due = this.labels.peek();
    return due ? this.emitLabel(due) : undefined;
  }

  private emitLabel(due: PendingLabel): WorkloadEvent {
    this.labels.pop();
    this.time = Math.max(this.time, due.time);
    return { kind: 'label', value: due.label };
  }

  private startCompromise(): void {
    const pattern = this.phase.state.fraudPattern;
    const ctx = { population: this.population, ids: this.ids, seq: this.seq, rng: this.fraud };
    for (const fraud of planCompromise(ctx, this.nextCompromise, pattern)) this.planned.push(fraud);
    this.nextCompromise = this.drawCompromise(this.nextCompromise);
  }

  private drawCompromise(after: number): number {
    const rate = compromiseRatePerMs(this.fraudRate, this.meanGapMs, this.phase.state.fraudPattern);
    return rate > 0 ? nextArrival(after, 1 / rate, FraudIntensity, this.fraud) : Number.POSITIVE_INFINITY;
  }

  private emitFraud(): WorkloadEvent {
    const planned = this.planned.pop() as PlannedFraud;
    const payment = fraudPayment(planned, this.phase.state.amountFactor);
    return this.emitTransaction(planned.time, payment, planned.kind, false);
  }

  private emitEveryday(): WorkloadEvent {
    const time = this.nextEveryday;
    const payment = everydayPayment(this.population, time, this.seq, this.phase.state, this.shopping);
    this.nextEveryday = nextArrival(time, this.meanGapMs, HourlyIntensity, this.arrivals);
    return this.emitTransaction(time, payment, null, payment.newCategory);
  }

  private emitTransaction(time: number, payment: Payment, fraudKind: FraudKind | null, newCategory: boolean): TransactionEvent {
    const seq = this.seq;
    const phase = this.phase.index;
    const value = toTransaction(`${this.options.runId}-tx-${seq}`, time, payment);
    const isFraud = fraudKind !== null;
    const label = labelFor(value, isFraud, this.labelling, { legitLabelShare: this.options.legitLabelShare });
    if (label) this.labels.push(label);
    this.seq += 1;
    this.time = Math.max(this.time, time);
    return { kind: 'transaction', value, isFraud, fraudKind, seq, phase, newCategory };
  }
}
