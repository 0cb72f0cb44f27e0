export {
  describeCondition,
  feature,
  matches,
  type Condition,
  type DerivedFeature,
  type FeatureDefinition,
  type LastFeature,
  type LastNFeature,
  type TimeSinceLastFeature,
  type WindowAggregation,
  type WindowFeature,
} from './definition';
export { formatDuration, parseDuration } from './duration';
export { processEvent, type LogPosition, type Outcome, type ProcessOptions, type ProcessResult } from './engine';
export { RECENT_IDS, STATE_FORMAT, decodeState, emptyState, encodeState, type EntityState, type TileAggregate } from './entity-state';
export { KMV_K, hash32, kmvAdd, kmvEstimate, kmvMerge } from './kmv';
export { MAX_TILES_PER_WINDOW, tileSizeFor, tileStart, windowFirstTile } from './tiles';
export { decodeVector, encodeVector, storedEventTime, type StoredVector } from './vector-codec';
export { defineFeatureView, type FeatureView, type FeatureViewSpec, type TileGroup } from './view';
export { FeatureViews, findView, merchantTransactionsV1, userTransactionsV1 } from './views/card-payments';
export { inputContract, needsRepartition, viewTopicContracts } from './view-topics';
export {
  groupByEntity,
  pointInTime,
  replayEntity,
  type EntityReplay,
  type LoggedEvent,
  type PointInTimeOptions,
  type ReplayOptions,
  type ReplayedVector,
  type SkippedEvent,
} from './offline';
