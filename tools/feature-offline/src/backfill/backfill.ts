import type { ClickHouse } from '@mlops/clickhouse';
import type { FeatureVector } from '@mlops/contracts';
import type { FeatureView, ReplayedVector } from '@mlops/features';
import { EventArchiveRepository } from '../archive/event-archive.repository';
import { replayArchive, type ArchiveReplay } from '../archive/replay-archive';

export interface BackfillOptions {
  readonly database: string;
  /** Topic namespace of the archived events. @default '' */
  readonly namespace?: string;
  readonly view: FeatureView;
  /** Event time range [from, to) of the vectors (ms); each entity is replayed from its first event. */
  readonly from: number;
  readonly to: number;
  /** @default false */
  readonly jsonRoundTrip?: boolean;
}

export interface Backfill extends ArchiveReplay {
  readonly archivedEvents: number;
  /** Whether the replay followed the stream's exact log order (see `ViewLog.exact`). */
  readonly exactLogOrder: boolean;
}

/**
 * The vectors of the archived events in [from, to), exactly as the stream computes them: every
 * event of the entities active in the range is replayed in log order (windows, last values and
 * lateness need the history), and the vectors of events in the range are kept.
 */
export async function computeBackfill(client: ClickHouse, options: BackfillOptions): Promise<Backfill> {
  if (!(options.from < options.to)) throw new Error(`empty time range: from ${options.from} is not before to ${options.to}`);
  const log = await new EventArchiveRepository(client, options.database).readViewLog({
    view: options.view,
    namespace: options.namespace ?? '',
    activeBetween: { from: options.from, to: options.to },
  });
  const replay = replayArchive(options.view, log.events, { jsonRoundTrip: options.jsonRoundTrip ?? false });
  const vectors = replay.vectors.filter((v) => v.event_time >= options.from && v.event_time < options.to);
  return { ...replay, vectors, archivedEvents: log.events.length, exactLogOrder: log.exact };
}

/** A backfilled vector in the shape of the `features.<view>` topic. */
export const asFeatureVector = (view: FeatureView, vector: ReplayedVector, computedAt: number): FeatureVector => ({
  event_id: vector.event_id,
  view: view.name,
  view_version: view.version,
  entity_id: vector.entity_id,
  event_time: vector.event_time,
  computed_at: computedAt,
  values: vector.values,
});
