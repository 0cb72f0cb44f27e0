-- Every feature vector the stream computed, as the online store received it: the record of what
-- models saw, and the online side of the online/offline consistency check. One row per
-- (view, version, event); replays fold.
CREATE TABLE IF NOT EXISTS feature_log (
  view String,
  view_version UInt16,
  entity_id String,
  event_id String,
  event_time DateTime,
  event_time_ms UInt64,
  computed_at_ms UInt64,
  feature_values Array(Nullable(Float64)),
  logged_at DateTime
) ENGINE = ReplacingMergeTree(logged_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (view, view_version, entity_id, event_id);
