import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { FEATURE_STORE_SETTINGS, type FeatureStoreSettings } from '../feature-store.settings';
import { ViewRegistry } from '../views/view-registry';
import type { ModelInputs } from './feature-status';
import { FeatureLookupService, type BatchAnswer, type EntityAnswer } from './feature-lookup.service';
import { parseBatchLookup, parseEntityQuery } from './lookup-request';
import { parseModelVector } from './model-vector-request';

/** Online feature lookups. Errors are `{ error, message, ...details }` (see ApiErrorFilter). */
@Controller('v1/features')
export class FeaturesController {
  constructor(
    private readonly lookups: FeatureLookupService,
    private readonly registry: ViewRegistry,
    @Inject(FEATURE_STORE_SETTINGS) private readonly settings: FeatureStoreSettings,
  ) {}

  /** The values of a model's inputs in exactly the order given: `{ entity: { user: "u1" }, features: ["<view>:<feature>", …] }`. */
  @Post('vector')
  @HttpCode(200)
  vector(@Body() body: unknown): Promise<ModelInputs> {
    return this.lookups.vector(parseModelVector(this.registry, body));
  }

  /** One entity: `?version=N` (default: newest) and `?features=a,b,c` (default: all, in the view's order). */
  @Get(':view/:entityId')
  get(@Param('view') view: string, @Param('entityId') entityId: string, @Query() query: unknown): Promise<EntityAnswer> {
    return this.lookups.get(parseEntityQuery(this.registry, view, entityId, query));
  }

  /** Many entities in one round trip: `{ entities: [...], features?: [...], version?: N }`. */
  @Post(':view/lookup')
  @HttpCode(200)
  lookup(@Param('view') view: string, @Body() body: unknown): Promise<BatchAnswer> {
    return this.lookups.lookup(parseBatchLookup(this.registry, view, body, this.settings.maxEntities));
  }
}
