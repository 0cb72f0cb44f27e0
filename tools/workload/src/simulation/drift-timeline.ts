import { applyDrifts, type DriftState, type ScheduledDrift } from './drift';

/** A stretch of the run with one set of drifts in force. */
export interface DriftPhase {
  readonly index: number;
  /** First transaction index of the phase. */
  readonly startsAt: number;
  /** `baseline`, or the kinds in force joined by `+`, e.g. `covariate+concept`. */
  readonly label: string;
  readonly state: DriftState;
}

/** The phases a drift schedule cuts a run into, and which one a transaction index falls in. */
export class DriftTimeline {
  readonly phases: readonly DriftPhase[];

  constructor(readonly schedule: readonly ScheduledDrift[]) {
    const starts = [...new Set([0, ...schedule.map((d) => d.startsAt)])].sort((a, b) => a - b);
    this.phases = starts.map((startsAt, index) => {
      const state = applyDrifts(schedule.filter((d) => d.startsAt <= startsAt));
      return { index, startsAt, label: state.active.join('+') || 'baseline', state };
    });
  }

  phaseAt(seq: number): DriftPhase {
    let lo = 0;
    let hi = this.phases.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.phases[mid]?.startsAt ?? 0) <= seq) lo = mid;
      else hi = mid - 1;
    }
    return this.phases[lo] as DriftPhase;
  }
}
