import type { ClickHouse } from '@mlops/clickhouse';
import { needsRepartition, type FeatureView } from '@mlops/features';
import { EventArchiveRepository } from '../archive/event-archive.repository';
import { FeatureLogRepository } from '../archive/feature-log.repository';
import { replayArchive } from '../archive/replay-archive';
import { compareVectors, type VectorComparison } from './compare-vectors';

export interface ConsistencyOptions {
  /** Database holding `events` and `feature_log`. */
  readonly database: string;
  /** Topic namespace the events were archived from. @default '' (the plain topic names) */
  readonly namespace?: string;
  readonly view: FeatureView;
  /** @default 0 (exact; see {@link valuesMatch}) */
  readonly tolerance?: number;
  /** Only vectors of events with event time in [from, to) (ms); replays still start at each entity's first event. */
  readonly between?: { readonly from: number; readonly to: number };
  /** Examples kept per feature and per unmatched side. @default 5 */
  readonly maxExamples?: number;
  /** Store the state as JSON between events in the replay, as Redis does online. @default false */
  readonly jsonRoundTrip?: boolean;
}

export interface ConsistencyReport extends VectorComparison {
  readonly view: string;
  readonly version: number;
  readonly database: string;
  /** Topic of the archived events replayed. */
  readonly topic: string;
  /** Whether the replay followed the stream's exact log order (see `ViewLog.exact`). */
  readonly exactLogOrder: boolean;
  readonly outputNames: readonly string[];
  readonly archivedEvents: number;
  readonly entities: number;
  /** What the offline replay did with the archived events. */
  readonly replay: { readonly applied: number; readonly replayed: number; readonly tooLate: number };
  /** Caveats that explain possible differences. */
  readonly notes: readonly string[];
}

/**
 * The online/offline consistency check: replays the view's archived source events (`events`
 * FINAL, each entity in log order) through the same engine and compares the vectors, event by
 * event and feature by feature, with what the stream logged (`feature_log` FINAL).
 */
export async function checkConsistency(client: ClickHouse, options: ConsistencyOptions): Promise<ConsistencyReport> {
  const { view, database } = options;
  const namespace = options.namespace ?? '';
  const archive = new EventArchiveRepository(client, database);
  const [log, online] = await Promise.all([
    archive.readViewLog({ view, namespace, ...(options.between ? { activeBetween: options.between } : {}) }),
    new FeatureLogRepository(client, database).read(view, options.between),
  ]);
  const { vectors: offline, entities, outcomes } = replayArchive(view, log.events, { jsonRoundTrip: options.jsonRoundTrip ?? false });
  const between = options.between;
  const compared = between ? offline.filter((v) => v.event_time >= between.from && v.event_time < between.to) : offline;
  const comparison = compareVectors(view.outputNames, online, compared, {
    tolerance: options.tolerance ?? 0,
    maxExamples: options.maxExamples ?? 5,
  });
  return {
    view: view.name,
    version: view.version,
    database,
    topic: log.topic,
    exactLogOrder: log.exact,
    outputNames: view.outputNames,
    archivedEvents: log.events.length,
    entities,
    replay: outcomes,
    notes: notesFor(view, namespace, log.exact, comparison),
    ...comparison,
  };
}

function notesFor(view: FeatureView, namespace: string, exact: boolean, comparison: VectorComparison): string[] {
  const notes: string[] = [];
  if (needsRepartition(view) && !exact) {
    notes.push(
      `${view.name} is keyed by ${view.keyField}: its stream reads a re-keyed copy of the source topic, which is not archived ` +
        'here, so the replay merges the source partitions by event time, an approximation of that order.',
    );
  }
  if (namespace !== '' && comparison.counts.onlyOnline > 0) {
    notes.push('feature_log has no namespace column: vectors of other namespaces in the same database count as only online.');
  }
  return notes;
}
