export { RedisModule } from './redis.module';
export { REDIS_SETTINGS, RedisService, createRedis, type Redis, type RedisSettings } from './redis.service';
