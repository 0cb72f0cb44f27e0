import { STATE_FORMAT, decodeState, encodeState, type EntityState, type FeatureView } from '@mlops/features';
import type { Redis } from '@mlops/redis';

const DAY_MS = 86_400_000;

/**
 * Window state per entity and view version in Redis: one JSON value per key
 * `ft:s<state format>:<namespace or ->:<view>:v<version>:<entity>`. A batch reads its entities with one MGET and
 * writes them back in one MULTI, so the state and the log positions it records change together.
 */
export class FeatureStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  key(view: FeatureView, entity: string): string {
    return `ft:s${STATE_FORMAT}:${this.namespace || '-'}:${view.name}:v${view.version}:${entity}`;
  }

  async load(view: FeatureView, entities: readonly string[]): Promise<Map<string, EntityState>> {
    if (entities.length === 0) return new Map();
    const values = await this.redis.mget(...entities.map((entity) => this.key(view, entity)));
    return new Map(entities.map((entity, i) => [entity, decodeState(values[i])]));
  }

  /**
   * Writes the states atomically. Keys expire after the longest window plus a day without events:
   * by then no window can reach their tiles.
   */
  async save(view: FeatureView, states: ReadonlyMap<string, EntityState>): Promise<void> {
    if (states.size === 0) return;
    const ttlMs = Math.max(...view.groups.map((g) => g.maxWindowMs), 0) + view.allowedLatenessMs + DAY_MS;
    const transaction = this.redis.multi();
    for (const [entity, state] of states) transaction.set(this.key(view, entity), encodeState(state), 'PX', ttlMs);
    const results = await transaction.exec();
    const failed = results?.find(([error]) => error !== null);
    if (!results || failed)
      throw new Error(`saving feature state of ${view.name} failed: ${failed?.[0]?.message ?? 'transaction aborted'}`);
  }
}
