import { encodeVector, merchantTransactionsV1, userTransactionsV1 } from '@mlops/features';
import { OnlineKeySpace } from '../online/online-key';
import type { OnlineStoreRepository } from '../online/online-store.repository';
import { CorruptVectorError } from '../online/packed-vector';
import { ViewRegistry } from '../views/view-registry';
import { FeatureLookupService } from './feature-lookup.service';
import { parseBatchLookup, parseEntityQuery } from './lookup-request';
import { LookupError } from './lookup.errors';
import { parseModelVector } from './model-vector-request';

const DAY = 86_400_000;
const NOW = 1_767_225_600_000;
const registry = new ViewRegistry([userTransactionsV1, merchantTransactionsV1]);
const userValues = userTransactionsV1.outputNames.map((_, i) => i + 0.5);

/** An in-memory stand-in for Redis that counts round trips. */
class FakeStore {
  readonly data = new Map<string, Buffer>();
  readonly calls: string[][] = [];
  failWith: Error | undefined;

  get(key: string): Promise<Buffer | null> {
    this.calls.push([key]);
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve(this.data.get(key) ?? null);
  }

  getMany(keys: string[]): Promise<(Buffer | null)[]> {
    this.calls.push(keys);
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve(keys.map((key) => this.data.get(key) ?? null));
  }
}

describe(FeatureLookupService.name, () => {
  let store: FakeStore;
  let service: FeatureLookupService;
  const put = (key: string, eventTime: number, values: (number | null)[]) =>
    store.data.set(key, encodeVector({ eventTime, computedAt: eventTime + 1, values }));

  beforeEach(() => {
    store = new FakeStore();
    service = new FeatureLookupService(store as unknown as OnlineStoreRepository, new OnlineKeySpace('ns'), () => NOW);
    put('fs:ns:user_transactions:v1:u1', NOW - 1_000, userValues);
    put('fs:ns:user_transactions:v1:old', NOW - 31 * DAY, userValues);
    put('fs:ns:merchant_transactions:v1:m1', NOW - 2_000, [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('answers one entity with one GET of its key, ages measured against the injected clock', async () => {
    const answer = await service.get(parseEntityQuery(registry, 'user_transactions', 'u1', { features: 'amount' }));
    expect(store.calls).toEqual([['fs:ns:user_transactions:v1:u1']]);
    expect(answer).toEqual({
      view: 'user_transactions',
      version: 1,
      entity_id: 'u1',
      status: 'present',
      event_time: NOW - 1_000,
      age_ms: 1_000,
      features: { amount: { value: 23.5, status: 'present', age_ms: 1_000 } },
    });
  });

  it('answers many entities with one MGET, in request order', async () => {
    const answer = await service.lookup(
      parseBatchLookup(registry, 'user_transactions', { entities: ['old', 'none', 'u1'], features: ['tx_count_10m'] }, 10),
    );
    expect(store.calls).toEqual([['fs:ns:user_transactions:v1:old', 'fs:ns:user_transactions:v1:none', 'fs:ns:user_transactions:v1:u1']]);
    expect(answer.results.map((r) => [r.entity_id, r.status, r.features['tx_count_10m']?.value])).toEqual([
      ['old', 'expired', null],
      ['none', 'missing', null],
      ['u1', 'present', 0.5],
    ]);
  });

  it("answers a model's inputs with one MGET over every view it reads", async () => {
    const plan = parseModelVector(registry, {
      entity: { user: 'u1', merchant: 'm1' },
      features: ['merchant_transactions:tx_count_24h', 'user_transactions:tx_count_1h', 'merchant_transactions:tx_count_1h'],
    });
    expect(await service.vector(plan)).toEqual({ values: [2, 1.5, 1], statuses: ['present', 'present', 'present'] });
    expect(store.calls).toEqual([['fs:ns:merchant_transactions:v1:m1', 'fs:ns:user_transactions:v1:u1']]);
  });

  it('refuses to serve a stored value that is not a vector of the view version', async () => {
    put('fs:ns:user_transactions:v1:short', NOW, [1, 2]);
    await expect(service.get(parseEntityQuery(registry, 'user_transactions', 'short', {}))).rejects.toThrow(
      new CorruptVectorError('fs:ns:user_transactions:v1:short', '2 values, the view version has 29'),
    );
  });

  it('answers 503 when Redis fails', async () => {
    store.failWith = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    const failure = service.get(parseEntityQuery(registry, 'user_transactions', 'u1', {}));
    await expect(failure).rejects.toBeInstanceOf(LookupError);
    await expect(failure).rejects.toMatchObject({
      status: 503,
      code: 'unavailable',
      message: 'redis unavailable: connect ECONNREFUSED 127.0.0.1:6379',
    });
  });
});
