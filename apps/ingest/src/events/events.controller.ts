import { Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiKeyGuard } from './api-key.guard';
import { unsupportedMediaType } from './ingest.errors';
import { IngestService, type IngestResult } from './ingest.service';
import { bodyFormat, parseEvents } from './request-body';

/** `POST /v1/events/{type}`: one event, a JSON array of events, or NDJSON. Refusals are `ApiError`s. */
@Controller('v1/events')
@UseGuards(ApiKeyGuard)
export class EventsController {
  constructor(private readonly ingest: IngestService) {}

  @Post(':type')
  @HttpCode(200)
  async post(@Param('type') type: string, @Req() request: FastifyRequest): Promise<IngestResult> {
    this.ingest.assertKnown(type);
    const format = bodyFormat(request.headers['content-type']);
    if (!format) throw unsupportedMediaType(request.headers['content-type']);
    const { events } = parseEvents(typeof request.body === 'string' ? request.body : '', format);
    return this.ingest.ingest(type, events);
  }
}
