import { ROOT_CONTEXT, TraceFlags, context, propagation, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { extractTraceContext, injectTraceHeaders, type MessageHeaders } from './trace-headers';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';
const traceparent = `00-${traceId}-${spanId}-01`;

const withSpan = (flags = TraceFlags.SAMPLED): Context => trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: flags });

beforeAll(() => {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

afterAll(() => {
  propagation.disable();
  context.disable();
});

describe(injectTraceHeaders.name, () => {
  it('writes the traceparent of the given context into the headers and returns them', () => {
    const headers: MessageHeaders = { 'content-type': 'avro' };

    const result = injectTraceHeaders(headers, withSpan());

    expect(result).toBe(headers);
    expect(headers).toEqual({ 'content-type': 'avro', traceparent });
  });

  it('marks an unsampled trace as such', () => {
    expect(injectTraceHeaders({}, withSpan(TraceFlags.NONE)).traceparent).toBe(`00-${traceId}-${spanId}-00`);
  });

  it('uses the active context when none is given', () => {
    const headers = context.with(withSpan(), () => injectTraceHeaders({}));

    expect(headers.traceparent).toBe(traceparent);
  });

  it('writes nothing when no span is active', () => {
    expect(injectTraceHeaders({ key: 'value' })).toEqual({ key: 'value' });
  });
});

describe(extractTraceContext.name, () => {
  const spanContextOf = (ctx: Context) => trace.getSpanContext(ctx);

  it('round-trips the trace context through message headers, as a remote parent', () => {
    const headers = injectTraceHeaders({}, withSpan());

    const extracted = spanContextOf(extractTraceContext(headers));

    expect(extracted).toEqual({ traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
  });

  it('carries tracestate along with traceparent', () => {
    const headers = injectTraceHeaders({}, withSpan());
    headers.tracestate = 'vendor=abc';

    const roundTripped = injectTraceHeaders({}, extractTraceContext(headers));

    expect(roundTripped).toEqual({ traceparent, tracestate: 'vendor=abc' });
  });

  it('reads Buffer header values, as kafkajs delivers them', () => {
    const extracted = spanContextOf(extractTraceContext({ traceparent: Buffer.from(traceparent), other: Buffer.from('x') }));

    expect(extracted).toMatchObject({ traceId, spanId, isRemote: true });
  });

  it('reads the first of repeated header values', () => {
    const other = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;

    const extracted = spanContextOf(extractTraceContext({ traceparent: [Buffer.from(traceparent), other] }));

    expect(extracted).toMatchObject({ traceId, spanId });
  });

  it('returns a context without a span when headers are absent, empty or malformed', () => {
    expect(spanContextOf(extractTraceContext(undefined))).toBeUndefined();
    expect(spanContextOf(extractTraceContext({}))).toBeUndefined();
    expect(spanContextOf(extractTraceContext({ traceparent: undefined }))).toBeUndefined();
    expect(spanContextOf(extractTraceContext({ traceparent: [] }))).toBeUndefined();
    expect(spanContextOf(extractTraceContext({ traceparent: 'not-a-traceparent' }))).toBeUndefined();
  });

  it('builds on the active context', () => {
    const key = Symbol('request');

    const extracted = context.with(ROOT_CONTEXT.setValue(key, 'r-1'), () => extractTraceContext({ traceparent }));

    expect(extracted.getValue(key)).toBe('r-1');
    expect(spanContextOf(extracted)?.spanId).toBe(spanId);
  });
});
