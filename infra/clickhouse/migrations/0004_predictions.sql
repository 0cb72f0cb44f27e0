-- The prediction log: every score a model gave, served (champion, challenger) or shadow, with the
-- feature vector it was given: the record behind monitoring, drift detection and labelled
-- training sets. At-least-once consumers may insert a prediction twice; ReplacingMergeTree keyed
-- by (model_name, event_id, model_version) folds the copies, keeping the latest logged_at. A
-- shadow and a champion score of the same event differ in model_version, so both stay. Readers
-- that need exact answers use FINAL. DateTime columns have second precision (no DateTime64 on
-- 18.16); the *_ms columns have the exact milliseconds. variant and source are Strings: no
-- LowCardinality (experimental on 18.16), and an Enum would need a migration per new value.
CREATE TABLE IF NOT EXISTS predictions (
  model_name String,
  model_version String,
  variant String,
  source String,
  event_id String,
  entity_id String,
  score Float64,
  features Array(Nullable(Float64)),
  event_time DateTime,
  event_time_ms UInt64,
  predicted_at DateTime,
  predicted_at_ms UInt64,
  latency_ms Float64,
  logged_at DateTime
) ENGINE = ReplacingMergeTree(logged_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (model_name, event_id, model_version);

-- Per-minute (of predicted_at) aggregates for dashboards: how many predictions, and t-digest
-- states of latency and score per model, version and variant, so quantiles over any time range
-- merge from states instead of scanning the log. Read with countMerge / quantilesTDigestMerge
-- using the same levels. Filled on insert, before ReplacingMergeTree folds anything: a replayed
-- batch is counted again, so exact counts come from `predictions FINAL`.
CREATE TABLE IF NOT EXISTS prediction_minutes (
  minute DateTime,
  model_name String,
  model_version String,
  variant String,
  prediction_count AggregateFunction(count),
  latency_ms_digest AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
  score_digest AggregateFunction(quantilesTDigest(0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99), Float64)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY (model_name, model_version, variant, minute);

-- Aliases differ from the source columns' names: newer servers resolve an alias before a column
-- of the same name, which would nest the aggregate in itself.
CREATE MATERIALIZED VIEW IF NOT EXISTS prediction_minutes_mv TO prediction_minutes AS
SELECT
  toStartOfMinute(predicted_at) AS minute,
  model_name,
  model_version,
  variant,
  countState() AS prediction_count,
  quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(latency_ms) AS latency_ms_digest,
  quantilesTDigestState(0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99)(score) AS score_digest
FROM predictions
GROUP BY minute, model_name, model_version, variant;
