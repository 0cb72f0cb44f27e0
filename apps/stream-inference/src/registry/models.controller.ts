import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ModelRegistry, type AliasState, type ModelCard, type ModelSummary } from '@mlops/model-registry';
import { INFERENCE_SETTINGS, type InferenceSettings } from '../stream-inference.settings';
import { parseAliasParam, parsePromotion, parseRegistration, parseRollback } from './registry-request';

const DEFAULT_ACTOR = 'api';

/**
 * The model registry over HTTP: register immutable versions, list and show them, move aliases,
 * roll back. Every change is published on `models.lifecycle`; stream-inference instances follow it.
 */
@Controller('v1/models')
export class ModelsController {
  constructor(
    private readonly registry: ModelRegistry,
    @Inject(INFERENCE_SETTINGS) private readonly settings: InferenceSettings,
  ) {}

  @Get()
  async list(): Promise<{ models: ModelSummary[] }> {
    return { models: await this.registry.list() };
  }

  @Get(':name')
  show(@Param('name') name: string): Promise<ModelSummary> {
    return this.registry.summary(name);
  }

  @Get(':name/versions/:version')
  card(@Param('name') name: string, @Param('version') version: string): Promise<ModelCard> {
    return this.registry.card(name, version);
  }

  /** `{ card, artifact_base64 }` → 201 with the registered card (version, artifact URI and sha256 added). */
  @Post(':name/versions')
  register(@Param('name') name: string, @Body() body: unknown): Promise<ModelCard> {
    const { card, artifact, actor } = parseRegistration(body, this.settings.maxArtifactBytes);
    return this.registry.register({ name, card, artifact, actor: actor ?? DEFAULT_ACTOR });
  }

  /** `{ alias, version, traffic? }`: points an alias at a version (the challenger with its canary share). */
  @Post(':name/aliases')
  @HttpCode(200)
  promote(@Param('name') name: string, @Body() body: unknown): Promise<AliasState> {
    const { alias, version, traffic, reason, actor } = parsePromotion(body);
    return this.registry.promote({ name, alias, version, traffic, reason, actor: actor ?? DEFAULT_ACTOR });
  }

  @Delete(':name/aliases/:alias')
  demote(@Param('name') name: string, @Param('alias') alias: string): Promise<AliasState> {
    return this.registry.demote({ name, alias: parseAliasParam(alias), actor: DEFAULT_ACTOR });
  }

  /** `{ alias? = "champion" }`: the alias goes back to its previous version, in one call. */
  @Post(':name/rollback')
  @HttpCode(200)
  rollBack(@Param('name') name: string, @Body() body: unknown): Promise<AliasState> {
    const { alias, reason, actor } = parseRollback(body);
    return this.registry.rollBack({ name, alias, reason, actor: actor ?? DEFAULT_ACTOR });
  }
}
