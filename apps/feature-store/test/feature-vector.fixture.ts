import type { FeatureVector } from '@mlops/contracts';
import type { FeatureView } from '@mlops/features';
import { createRedis } from '@mlops/redis';
import { localServers } from '@mlops/testing';

export const DAY_MS = 86_400_000;

/** A vector of `view` as feature-transform would produce it; `run` keeps event ids unique across spec runs. */
export function featureVector(
  run: string,
  view: FeatureView,
  entityId: string,
  eventTime: number,
  values: readonly (number | null)[],
  overrides: Partial<FeatureVector> = {},
): FeatureVector {
  return {
    event_id: `${run}-${view.name}-${entityId}-${eventTime}`,
    view: view.name,
    view_version: view.version,
    entity_id: entityId,
    event_time: eventTime,
    computed_at: eventTime + 7,
    values: [...values],
    ...overrides,
  };
}

/**
 * Doubles whose bits are easy to lose on the way (decimal rounding, subnormals, extremes). Not
 * 5e-324: ClickHouse 18.16 reads that one back as 0 from any text format (1e-310 survives).
 */
const AWKWARD = [0.1 + 0.2, 1e-310, Number.MAX_VALUE, -123.456, 1 / 3, 2 ** 53 + 2, -1e-300, 42, 0];

/** `count` values: the first tells seeds apart, every fifth is null, the rest cycle through {@link AWKWARD}. */
export function awkwardValues(count: number, seed: number): (number | null)[] {
  return Array.from({ length: count }, (_, i) => {
    if (i === 0) return seed + 0.1;
    return (i + seed) % 5 === 4 ? null : (AWKWARD[(i + seed) % AWKWARD.length] as number);
  });
}

export interface JsonResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function getJson(url: string): Promise<JsonResponse> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** POSTs `body` as JSON (a string is sent as is, to send malformed JSON). */
export async function postJson(url: string, body: unknown): Promise<JsonResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Deletes what a spec's store wrote to the shared local Redis (`fs:<namespace>:*`). */
export async function dropOnlineKeys(namespace: string): Promise<void> {
  const redis = createRedis({ url: localServers.redisUrl });
  try {
    const keys = await redis.keys(`fs:${namespace}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
