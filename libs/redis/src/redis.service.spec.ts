import { createLogger } from '@mlops/observability';
import { RedisService } from './redis.service';

const silent = createLogger('spec', 'silent');

function service(): RedisService {
  // lazyConnect keeps the spec off the network: the client connects on its first command, and
  // every command the specs reach is replaced by a fake.
  return new RedisService({ url: 'redis://127.0.0.1:6379', lazyConnect: true }, silent);
}

describe(RedisService.name, () => {
  it('reports healthy when PING answers', async () => {
    const redis = service();
    jest.spyOn(redis.client, 'ping').mockResolvedValue('PONG');
    await expect(redis.health.check()).resolves.toBeUndefined();
    expect(redis.health.name).toBe('redis');
  });

  it('reports the reason when PING fails', async () => {
    const redis = service();
    jest.spyOn(redis.client, 'ping').mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    await expect(redis.health.check()).rejects.toThrow('ECONNREFUSED');
  });

  it('disconnects without QUIT when the connection is not ready', async () => {
    const redis = service();
    const quit = jest.spyOn(redis.client, 'quit');
    const disconnect = jest.spyOn(redis.client, 'disconnect');
    await redis.onApplicationShutdown();
    expect(quit).not.toHaveBeenCalled();
    expect(disconnect).toHaveBeenCalled();
  });
});
