import { ApiError } from './api-error';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A request body that is not JSON; answered 400 `malformed_body`. */
export class MalformedBodyError extends ApiError {
  override readonly name = 'MalformedBodyError';
  constructor(cause: unknown) {
    super(400, 'malformed_body', `body is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Parses `application/json` bodies ourselves: Nest turns the framework's own parse errors into
 * anonymous HttpExceptions, so they could not be told apart from other 400s. An empty body is
 * undefined, which request validation reports as a missing object.
 */
export function acceptJsonBodies(app: NestFastifyApplication, bodyLimitBytes: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: bodyLimitBytes }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new MalformedBodyError(error), undefined);
    }
  });
}
