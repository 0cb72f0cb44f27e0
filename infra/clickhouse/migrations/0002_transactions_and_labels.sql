-- Typed copies of the two event types of the card-payments example, the sources of offline
-- features and training labels. Same folding of duplicates as `events`.
CREATE TABLE IF NOT EXISTS transactions (
  event_id String,
  event_time DateTime,
  event_time_ms UInt64,
  user_id String,
  card_id String,
  merchant_id String,
  merchant_category String,
  amount Float64,
  currency String,
  country String,
  channel String,
  card_present UInt8,
  device_id Nullable(String),
  ingested_at DateTime
) ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, event_time_ms, event_id);

CREATE TABLE IF NOT EXISTS labels (
  event_id String,
  user_id String,
  label_time DateTime,
  label_time_ms UInt64,
  is_fraud UInt8,
  source String,
  ingested_at DateTime
) ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(label_time)
ORDER BY (event_id, label_time_ms);
