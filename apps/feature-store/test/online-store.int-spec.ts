import { encodeVector, storedEventTime } from '@mlops/features';
import { createRedis, type Redis } from '@mlops/redis';
import { localServers, uniqueName } from '@mlops/testing';
import { OnlineStoreRepository } from '../src/online/online-store.repository';

const DAY = 86_400_000;
const packed = (eventTime: number, computedAt: number, values: (number | null)[] = [1, null]) =>
  encodeVector({ eventTime, computedAt, values });

describe(`${OnlineStoreRepository.name} against the real Redis`, () => {
  const prefix = uniqueName('fs-spec');
  let redis: Redis;
  let store: OnlineStoreRepository;
  const key = (name: string) => `${prefix}:${name}`;

  beforeAll(() => {
    redis = createRedis({ url: localServers.redisUrl });
    store = new OnlineStoreRepository(redis);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('writes a vector under a new key and reads back the same bytes, with the expiry as given', async () => {
    const value = packed(1_000, 1_005, [0.1 + 0.2, null, -0, 5e-324]);
    expect(await store.putNewest([{ key: key('a'), value, expireMs: 31 * DAY }])).toEqual([true]);
    expect((await store.get(key('a')))?.equals(value)).toBe(true);
    const ttl = await redis.pttl(key('a'));
    expect(ttl).toBeGreaterThan(31 * DAY - 60_000);
    expect(ttl).toBeLessThanOrEqual(31 * DAY);
  });

  it('keeps the newer event time when an older vector arrives later, in the same pipeline or a later one', async () => {
    const newer = packed(2_000, 2_001);
    const older = packed(1_000, 3_000);
    expect(
      await store.putNewest([
        { key: key('b'), value: newer, expireMs: DAY },
        { key: key('b'), value: older, expireMs: DAY },
      ]),
    ).toEqual([true, false]);
    expect(await store.putNewest([{ key: key('b'), value: older, expireMs: DAY }])).toEqual([false]);
    expect(storedEventTime((await store.get(key('b'))) as Buffer)).toBe(2_000);
    expect(await store.putNewest([{ key: key('b'), value: packed(2_001, 2_002), expireMs: DAY }])).toEqual([true]);
    expect(storedEventTime((await store.get(key('b'))) as Buffer)).toBe(2_001);
  });

  it('breaks a tie of event times by computed_at, and rewrites an identical replay', async () => {
    const first = packed(5_000, 5_010, [1]);
    const recomputed = packed(5_000, 5_020, [2]);
    await store.putNewest([{ key: key('c'), value: recomputed, expireMs: DAY }]);
    expect(await store.putNewest([{ key: key('c'), value: first, expireMs: DAY }])).toEqual([false]);
    expect(await store.putNewest([{ key: key('c'), value: recomputed, expireMs: DAY }])).toEqual([true]);
    expect((await store.get(key('c')))?.equals(recomputed)).toBe(true);
  });

  it('compares event times far apart and fractional, as float64', async () => {
    await store.putNewest([{ key: key('d'), value: packed(1_767_225_600_000.5, 0), expireMs: DAY }]);
    expect(await store.putNewest([{ key: key('d'), value: packed(1_767_225_600_000.25, 9e15), expireMs: DAY }])).toEqual([false]);
    expect(await store.putNewest([{ key: key('d'), value: packed(1_767_225_600_001, 0), expireMs: DAY }])).toEqual([true]);
  });

  it('overwrites a value that is not a packed vector', async () => {
    await redis.set(key('e'), 'not a vector');
    expect(await store.putNewest([{ key: key('e'), value: packed(1, 1), expireMs: DAY }])).toEqual([true]);
  });

  it('reads many keys in order with null for the absent ones, in one MGET', async () => {
    const values = await store.getMany([key('a'), key('absent'), key('c')]);
    expect(values.map((v) => v && storedEventTime(v))).toEqual([1_000, null, 5_000]);
  });

  it('loads the script on a fresh connection after SCRIPT FLUSH (EVALSHA falls back to EVAL)', async () => {
    await redis.script('FLUSH');
    expect(await store.putNewest([{ key: key('f'), value: packed(1, 1), expireMs: DAY }])).toEqual([true]);
  });
});
