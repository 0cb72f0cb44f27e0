import { ROOT_CONTEXT, TraceFlags, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { NestJsonLogger, createLogger } from './logger';

/** A pino destination that keeps every line it is given, parsed. */
function collector() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } };
}

describe(createLogger.name, () => {
  it('writes one JSON line per record with only the service, the level label, an ISO time, the fields and the message', () => {
    const { lines, destination } = collector();
    const logger = createLogger('ingest', 'info', destination);

    logger.info({ topic: 'events.transactions' }, 'consumer started');

    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) as unknown,
        service: 'ingest',
        topic: 'events.transactions',
        msg: 'consumer started',
      },
    ]);
  });

  it('uses level labels, not numbers', () => {
    const { lines, destination } = collector();
    const logger = createLogger('svc', 'trace', destination);

    logger.trace('t');
    logger.debug('d');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');

    expect(lines.map((line) => line.level)).toEqual(['trace', 'debug', 'warn', 'error', 'fatal']);
  });

  it('drops records below its level', () => {
    const { lines, destination } = collector();
    const logger = createLogger('svc', 'warn', destination);

    logger.info('hidden');
    logger.warn('shown');

    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });

  it('logs at info by default', () => {
    const { lines, destination } = collector();
    const logger = createLogger('svc', undefined, destination);

    logger.debug('hidden');
    logger.info('shown');

    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });

  it('keeps the service on child loggers', () => {
    const { lines, destination } = collector();

    createLogger('drift-detector', 'info', destination).child({ model: 'fraud' }).info('window closed');

    expect(lines[0]).toMatchObject({ service: 'drift-detector', model: 'fraud', msg: 'window closed' });
  });

  describe('inside a trace', () => {
    beforeAll(() => {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    });

    afterAll(() => {
      context.disable();
    });

    it('adds the trace and span ids of the active span', () => {
      const { lines, destination } = collector();
      const logger = createLogger('svc', 'info', destination);
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const spanId = '00f067aa0ba902b7';

      context.with(trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED }), () => logger.info('scored'));
      logger.info('outside');

      expect(lines[0]).toMatchObject({ trace_id: traceId, span_id: spanId, msg: 'scored' });
      expect(lines[1]).not.toHaveProperty('trace_id');
      expect(lines[1]).not.toHaveProperty('span_id');
    });
  });
});

describe(NestJsonLogger.name, () => {
  function nestLogger() {
    const { lines, destination } = collector();
    return { lines, logger: new NestJsonLogger(createLogger('svc', 'trace', destination)) };
  }

  it('maps Nest levels onto pino levels, keeping the Nest context', () => {
    const { lines, logger } = nestLogger();

    logger.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    logger.warn('slow', 'A');
    logger.debug('details', 'B');
    logger.verbose('chatter', 'C');
    logger.fatal('dead', 'D');

    expect(lines.map((line) => [line.level, line.context, line.msg])).toEqual([
      ['info', 'RouterExplorer', 'Mapped {/health/live, GET} route'],
      ['warn', 'A', 'slow'],
      ['debug', 'B', 'details'],
      ['trace', 'C', 'chatter'],
      ['fatal', 'D', 'dead'],
    ]);
  });

  it('logs errors with their stack', () => {
    const { lines, logger } = nestLogger();

    logger.error('boom', 'Error: boom\n    at main.ts:1', 'NestApplication');

    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom', stack: 'Error: boom\n    at main.ts:1', context: 'NestApplication' });
  });

  it('turns non-string messages into strings', () => {
    const { lines, logger } = nestLogger();

    logger.log(42);

    expect(lines[0]).toMatchObject({ level: 'info', msg: '42' });
  });
});
