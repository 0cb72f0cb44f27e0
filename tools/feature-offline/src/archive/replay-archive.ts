import { groupByEntity, replayEntity, type FeatureView, type LoggedEvent, type ReplayedVector } from '@mlops/features';

export interface ArchiveReplay {
  /** Per entity in order of first appearance, each entity's vectors in log order. */
  readonly vectors: ReplayedVector[];
  readonly entities: number;
  /** What the replay did with the events. */
  readonly outcomes: { readonly applied: number; readonly replayed: number; readonly tooLate: number };
}

/** Replays archived events (in log order) entity by entity, as the stream processed them. Pure. */
export function replayArchive(
  view: FeatureView,
  events: Iterable<LoggedEvent>,
  options: { readonly jsonRoundTrip?: boolean } = {},
): ArchiveReplay {
  const byEntity = groupByEntity(view, events);
  const vectors: ReplayedVector[] = [];
  let replayed = 0;
  let tooLate = 0;
  for (const entityEvents of byEntity.values()) {
    const result = replayEntity(view, entityEvents, { jsonRoundTrip: options.jsonRoundTrip ?? false });
    vectors.push(...result.vectors);
    for (const skipped of result.skipped) {
      if (skipped.outcome === 'replayed') replayed += 1;
      else tooLate += 1;
    }
  }
  return { vectors, entities: byEntity.size, outcomes: { applied: vectors.length, replayed, tooLate } };
}
