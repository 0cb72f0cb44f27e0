import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Every request body reaches the controller as text, whatever its content type, so ingest alone
 * decides what it accepts (415) and how a malformed body is reported (400 with the line).
 * A body announced larger than the limit is refused with 413 before it is read; one that turns
 * out larger while streaming (chunked) is cut off by Fastify's own limit, also with 413.
 */
export function acceptRawBodies(app: NestFastifyApplication, bodyLimitBytes: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string', bodyLimit: bodyLimitBytes }, (_request, body, done) => done(null, body));
  fastify.addHook('onRequest', (request, reply, done) => {
    const announced = Number(request.headers['content-length'] ?? 0);
    if (announced > bodyLimitBytes) {
      void reply
        .code(413)
        .header('connection', 'close')
        .send({ error: 'payload_too_large', message: `request body of ${announced} bytes; at most ${bodyLimitBytes}` });
      return;
    }
    done();
  });
}
