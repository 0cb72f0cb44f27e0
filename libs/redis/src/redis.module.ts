import { Module, type DynamicModule } from '@nestjs/common';
import { REDIS_SETTINGS, RedisService, type RedisSettings } from './redis.service';

@Module({})
export class RedisModule {
  static forRoot(settings: RedisSettings): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [{ provide: REDIS_SETTINGS, useValue: settings }, RedisService],
      exports: [RedisService],
    };
  }
}
