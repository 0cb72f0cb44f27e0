import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LOGGER, type Logger } from '@mlops/observability';
import { describeError } from '@mlops/util';
import { LookupError } from '../lookup/lookup.errors';
import { MalformedBodyError } from './json-body.parser';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

interface Described {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * Every error of the feature-store API has ingest's shape, `{ error, message, ...details }`,
 * including those raised by the HTTP framework before a route runs (malformed JSON, unknown route).
 * Same pattern as ingest's ApiErrorFilter, plus this app's typed {@link LookupError}.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = this.describe(exception);
    if (status === 503) void reply.header('retry-after', '1');
    void reply.status(status).send(body);
  }

  private describe(exception: unknown): Described {
    if (exception instanceof LookupError) {
      if (exception.status >= 500) this.logger.warn({ err: exception.message }, 'lookup failed');
      return { status: exception.status, body: { error: exception.code, message: exception.message, ...exception.details } };
    }
    if (exception instanceof HttpException) return describeHttpException(exception);
    if (exception instanceof MalformedBodyError) return { status: 400, body: { error: 'malformed_body', message: exception.message } };
    const status = (exception as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { status, body: { error: STATUS_CODES[status] ?? `http_${status}`, message: describeError(exception) } };
    }
    this.logger.error({ err: describeError(exception) }, 'unhandled error');
    return { status: 500, body: { error: 'internal', message: 'internal error; see the service log' } };
  }
}

function describeHttpException(exception: HttpException): Described {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (
    typeof response === 'object' &&
    'error' in response &&
    'message' in response &&
    typeof response.error === 'string' &&
    !('statusCode' in response)
  ) {
    return { status, body: response };
  }
  return { status, body: { error: STATUS_CODES[status] ?? `http_${status}`, message: exception.message } };
}
