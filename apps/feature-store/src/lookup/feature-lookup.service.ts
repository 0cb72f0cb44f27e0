import { Inject, Injectable } from '@nestjs/common';
import { describeError } from '@mlops/util';
import { CLOCK, type Clock } from '../clock';
import { FeatureStoreMetrics } from '../feature-store.metrics';
import { OnlineKeySpace } from '../online/online-key';
import { OnlineStoreRepository } from '../online/online-store.repository';
import { CorruptVectorError, packedVectorProblem } from '../online/packed-vector';
import type { ViewLayout } from '../views/view-registry';
import { entityFeatures, modelInputs, type EntityFeatures, type FeatureStatus, type ModelInputs } from './feature-status';
import type { EntityLookup } from './lookup-request';
import { unavailable } from './lookup.errors';
import type { ModelVectorPlan } from './model-vector-request';

export interface EntityAnswer extends EntityFeatures {
  readonly view: string;
  readonly version: number;
}

export interface BatchAnswer {
  readonly view: string;
  readonly version: number;
  /** One per requested entity, in request order. */
  readonly results: EntityFeatures[];
}

type Operation = 'get' | 'lookup' | 'vector';

/**
 * Online lookups: one Redis round trip per request (GET for one entity, MGET otherwise), then only
 * the asked values are read out of the packed vectors, with TTL enforced against the clock.
 */
@Injectable()
export class FeatureLookupService {
  constructor(
    private readonly store: OnlineStoreRepository,
    private readonly keys: OnlineKeySpace,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(lookup: EntityLookup): Promise<EntityAnswer> {
    const started = performance.now();
    const { layout, selection } = lookup;
    const entityId = lookup.entityIds[0] as string;
    const key = this.keys.key(layout, entityId);
    const packed = checked(key, await this.redis(() => this.store.get(key)), layout);
    const result = entityFeatures(entityId, packed, layout, selection, this.clock());
    record('get', layout.name, started, [result.status]);
    return { view: layout.name, version: layout.version, ...result };
  }

  async lookup(lookup: EntityLookup): Promise<BatchAnswer> {
    const started = performance.now();
    const { layout, selection, entityIds } = lookup;
    const keys = entityIds.map((id) => this.keys.key(layout, id));
    const packed = await this.redis(() => this.store.getMany(keys));
    const now = this.clock();
    const results = entityIds.map((id, i) => entityFeatures(id, checked(keys[i] as string, packed[i], layout), layout, selection, now));
    record(
      'lookup',
      layout.name,
      started,
      results.map((r) => r.status),
    );
    return { view: layout.name, version: layout.version, results };
  }

  async vector(plan: ModelVectorPlan): Promise<ModelInputs> {
    const started = performance.now();
    const keys = plan.reads.map((read) => this.keys.key(read.layout, read.entityId));
    const stored = await this.redis(() => this.store.getMany(keys));
    const packed = plan.reads.map((read, i) => checked(keys[i] as string, stored[i], read.layout));
    const inputs = modelInputs(plan, packed, this.clock());
    record('vector', undefined, started, []);
    return inputs;
  }

  private async redis<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw unavailable('redis', describeError(error));
    }
  }
}

/** The stored value when it is a readable vector of the layout; throws {@link CorruptVectorError} otherwise. */
function checked(key: string, packed: Buffer | null | undefined, layout: ViewLayout): Buffer | null {
  if (packed === null || packed === undefined) return null;
  const problem = packedVectorProblem(packed, layout.outputNames.length);
  if (problem !== undefined) throw new CorruptVectorError(key, problem);
  return packed;
}

function record(operation: Operation, view: string | undefined, started: number, statuses: readonly FeatureStatus[]): void {
  const attributes = view === undefined ? { operation } : { operation, view };
  FeatureStoreMetrics.lookupDuration.record(performance.now() - started, attributes);
  let present = 0;
  let missing = 0;
  let expired = 0;
  for (const status of statuses) {
    if (status === 'present') present += 1;
    else if (status === 'missing') missing += 1;
    else expired += 1;
  }
  if (present > 0) FeatureStoreMetrics.lookupEntities.add(present, { ...attributes, status: 'present' });
  if (missing > 0) FeatureStoreMetrics.lookupEntities.add(missing, { ...attributes, status: 'missing' });
  if (expired > 0) FeatureStoreMetrics.lookupEntities.add(expired, { ...attributes, status: 'expired' });
}
