import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiError } from '@mlops/service-runtime';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { INGEST_SETTINGS, type IngestSettings } from '../ingest.settings';

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

/** `authorization: Bearer <key>` or `x-api-key: <key>`, when keys are configured. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: readonly Buffer[];

  constructor(@Inject(INGEST_SETTINGS) settings: IngestSettings) {
    this.keys = settings.apiKeys.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.keys.length === 0) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const header = request.headers['x-api-key'];
    const presented = bearer ?? (typeof header === 'string' ? header : undefined);
    // Comparing digests keeps the comparison constant-time whatever the key lengths.
    if (presented !== undefined && this.keys.some((key) => timingSafeEqual(key, digest(presented)))) return true;
    throw new ApiError(401, 'unauthorized', 'missing or unknown API key (authorization: Bearer <key> or x-api-key)');
  }
}
