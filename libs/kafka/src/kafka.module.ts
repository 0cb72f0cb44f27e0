import { Module, type DynamicModule } from '@nestjs/common';
import { KAFKA_SETTINGS, KafkaService, type KafkaModuleSettings } from './kafka.service';

@Module({})
export class KafkaModule {
  static forRoot(settings: KafkaModuleSettings): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [{ provide: KAFKA_SETTINGS, useValue: settings }, KafkaService],
      exports: [KafkaService],
    };
  }
}
