import { isNight } from '../simulation/clock';
import type { DriftTimeline } from '../simulation/drift-timeline';
import type { WorkloadEvent } from '../simulation/generator';

/** Counters of one drift phase: enough to see each drift in simple statistics. */
export interface PhaseCounters {
  transactions: number;
  amountSum: number;
  legitimate: number;
  legitimateAmountSum: number;
  frauds: number;
  fraudsAtNight: number;
  cardTests: number;
  newCategory: number;
}

/** What the run has generated so far, overall and per drift phase. */
export class RunStats {
  events = 0;
  transactions = 0;
  frauds = 0;
  labels = 0;
  fraudLabels = 0;
  /** Simulated time of the first and last transaction (ms since the epoch); undefined before the first. */
  firstTransactionTime: number | undefined;
  lastTransactionTime: number | undefined;
  /** Simulated time of the last label: up to weeks after the last transaction (chargebacks). */
  lastLabelTime: number | undefined;
  readonly phases: PhaseCounters[];

  constructor(readonly timeline: DriftTimeline) {
    this.phases = timeline.phases.map(() => ({
      transactions: 0,
      amountSum: 0,
      legitimate: 0,
      legitimateAmountSum: 0,
      frauds: 0,
      fraudsAtNight: 0,
      cardTests: 0,
      newCategory: 0,
    }));
  }

  record(event: WorkloadEvent): void {
    this.events += 1;
    switch (event.kind) {
      case 'transaction': {
        this.transactions += 1;
        this.firstTransactionTime ??= event.value.event_time;
        this.lastTransactionTime = event.value.event_time;
        const phase = this.phases[event.phase];
        if (!phase) throw new RangeError(`transaction ${event.value.event_id} is in unknown phase ${event.phase}`);
        phase.transactions += 1;
        phase.amountSum += event.value.amount;
        if (event.newCategory) phase.newCategory += 1;
        if (event.isFraud) {
          this.frauds += 1;
          phase.frauds += 1;
          if (isNight(event.value.event_time)) phase.fraudsAtNight += 1;
          if (event.fraudKind === 'card-test') phase.cardTests += 1;
        } else {
          phase.legitimate += 1;
          phase.legitimateAmountSum += event.value.amount;
        }
        return;
      }
      case 'label':
        this.labels += 1;
        if (event.value.is_fraud) this.fraudLabels += 1;
        this.lastLabelTime = Math.max(this.lastLabelTime ?? 0, event.value.label_time);
        return;
    }
  }
}
