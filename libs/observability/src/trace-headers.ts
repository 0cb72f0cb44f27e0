import { context, propagation, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';

/** Kafka headers as kafkajs gives and takes them. */
export type MessageHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const setter: TextMapSetter<MessageHeaders> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

const getter: TextMapGetter<MessageHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const value = carrier[key];
    if (value === undefined) return undefined;
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

/** Writes the active (or given) trace context into message headers: `traceparent`, `tracestate`. */
export function injectTraceHeaders(headers: MessageHeaders, ctx: Context = context.active()): MessageHeaders {
  propagation.inject(ctx, headers, setter);
  return headers;
}

/** The trace context a producer put in a message's headers, so processing continues its trace. */
export function extractTraceContext(headers: MessageHeaders | undefined): Context {
  return propagation.extract(context.active(), headers ?? {}, getter);
}
