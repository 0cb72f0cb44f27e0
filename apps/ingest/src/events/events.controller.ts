import { Controller, HttpCode, HttpException, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from './api-key.guard';
import { IngestError, unsupportedMediaType } from './ingest.errors';
import { IngestService, type IngestResult } from './ingest.service';
import { BodyParseError, bodyFormat, parseEvents } from './request-body';

/** `POST /v1/events/{type}`: one event, a JSON array of events, or NDJSON. */
@Controller('v1/events')
@UseGuards(ApiKeyGuard)
export class EventsController {
  constructor(private readonly ingest: IngestService) {}

  @Post(':type')
  @HttpCode(200)
  async post(
    @Param('type') type: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IngestResult> {
    try {
      this.ingest.assertKnown(type);
      const format = bodyFormat(request.headers['content-type']);
      if (!format) throw unsupportedMediaType(request.headers['content-type']);
      const { events } = parseEvents(typeof request.body === 'string' ? request.body : '', format);
      return await this.ingest.ingest(type, events);
    } catch (error) {
      if (error instanceof BodyParseError) throw new HttpException({ error: 'malformed_body', message: error.message }, 400);
      if (error instanceof IngestError) {
        if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
        throw new HttpException({ error: error.code, message: error.message, ...error.details }, error.status);
      }
      throw error;
    }
  }
}
