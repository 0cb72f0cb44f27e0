import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LOGGER, type Logger } from '@mlops/observability';
import { describeError } from '@mlops/util';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'overloaded',
  503: 'unavailable',
};

/**
 * Every error of the ingest API has one shape, `{ error, message, ...details }`, including those
 * raised by the HTTP framework before a route runs (a chunked body over the limit, an unknown route).
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = this.describe(exception);
    void reply.status(status).send(body);
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof HttpException) {
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
    const status = (exception as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { status, body: { error: STATUS_CODES[status] ?? `http_${status}`, message: describeError(exception) } };
    }
    this.logger.error({ err: describeError(exception) }, 'unhandled error');
    return { status: 500, body: { error: 'internal', message: 'internal error; see the service log' } };
  }
}
