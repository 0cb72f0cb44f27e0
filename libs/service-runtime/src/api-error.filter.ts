import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LOGGER, type Logger } from '@mlops/observability';
import { describeError } from '@mlops/util';
import { ApiError } from './api-error';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'overloaded',
  503: 'unavailable',
};

interface Described {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly retryAfterSeconds?: number | undefined;
}

/**
 * Gives every error of a service's HTTP API one shape, `{ error, message, ...details }`,
 * including those the framework raises before a route runs (a body over the limit, an unknown
 * route). Unexpected errors are logged and answered 500 without their internals.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, retryAfterSeconds } = this.describe(exception);
    const retryAfter = retryAfterSeconds ?? (status === 503 ? 1 : undefined);
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    void reply.status(status).send(body);
  }

  private describe(exception: unknown): Described {
    if (exception instanceof ApiError) {
      if (exception.status >= 500) this.logger.warn({ err: exception.message, code: exception.code }, 'request failed');
      return {
        status: exception.status,
        body: { error: exception.code, message: exception.message, ...exception.details },
        retryAfterSeconds: exception.retryAfterSeconds,
      };
    }
    if (exception instanceof HttpException) return describeHttpException(exception);
    const status = (exception as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { status, body: { error: CODES[status] ?? `http_${status}`, message: describeError(exception) } };
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
  return { status, body: { error: CODES[status] ?? `http_${status}`, message: exception.message } };
}
