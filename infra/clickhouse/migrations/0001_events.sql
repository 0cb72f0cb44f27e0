-- Raw event archive: every event of the event topics, the offline source for backfills and
-- training sets. At-least-once writers may insert an event twice; ReplacingMergeTree keyed by
-- (event_type, event_id) folds duplicates, and readers that need exact answers use FINAL.
-- event_time keeps second precision in a DateTime (no DateTime64 on 18.16); event_time_ms has
-- the exact milliseconds. No LowCardinality: it is experimental on 18.16.
CREATE TABLE IF NOT EXISTS events (
  event_type String,
  event_id String,
  entity_id String,
  event_time DateTime,
  event_time_ms UInt64,
  ingested_at DateTime DEFAULT now(),
  topic String,
  partition UInt16,
  offset UInt64,
  payload String
) ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (event_type, event_id);
