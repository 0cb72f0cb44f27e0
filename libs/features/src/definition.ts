/** Keeps the events a windowed feature counts; the field is read from the source event. */
export type Condition =
  | { readonly field: string; readonly equals: string | number | boolean }
  | { readonly field: string; readonly lessThan: number }
  | { readonly field: string; readonly greaterThan: number };

export type WindowAggregation = 'count' | 'sum' | 'mean' | 'min' | 'max' | 'stddev' | 'distinct';

/**
 * An aggregate over the entity's events in a sliding window ending with (and including) the
 * event the vector is computed for. `distinct` is approximate (k-minimum-values, exact below 16).
 */
export interface WindowFeature {
  readonly kind: 'window';
  readonly name: string;
  readonly aggregation: WindowAggregation;
  /** The event field aggregated; not used by `count`. */
  readonly field?: string;
  /** e.g. `'10m'`, `'24h'`, `'30d'`. */
  readonly window: string;
  readonly where?: Condition;
}

/** The field's value in the entity's previous event (before the one the vector is for). */
export interface LastFeature {
  readonly kind: 'last';
  readonly name: string;
  readonly field: string;
}

/** The field's values in the entity's n previous events, most recent first: `name_1` … `name_n`. */
export interface LastNFeature {
  readonly kind: 'last_n';
  readonly name: string;
  readonly field: string;
  readonly n: number;
}

/** Seconds from the entity's previous event to this one. */
export interface TimeSinceLastFeature {
  readonly kind: 'time_since_last';
  readonly name: string;
}

/**
 * Computed from the request (the event itself in the stream, the request body online) and the
 * other features, e.g. amount / the user's 24 h mean. Must be a pure function.
 */
export interface DerivedFeature {
  readonly kind: 'derived';
  readonly name: string;
  readonly compute: (request: Readonly<Record<string, unknown>>, features: Readonly<Record<string, number | null>>) => number | null;
}

export type FeatureDefinition = WindowFeature | LastFeature | LastNFeature | TimeSinceLastFeature | DerivedFeature;

type WindowOptions = { readonly window: string; readonly where?: Condition };

/** Builders that read like the definition: `sum('amount_sum_1h', 'amount', { window: '1h' })`. */
export const feature = {
  count: (name: string, options: WindowOptions): WindowFeature => ({ kind: 'window', name, aggregation: 'count', ...options }),
  sum: (name: string, field: string, options: WindowOptions): WindowFeature => ({
    kind: 'window',
    name,
    aggregation: 'sum',
    field,
    ...options,
  }),
  mean: (name: string, field: string, options: WindowOptions): WindowFeature => ({
    kind: 'window',
    name,
    aggregation: 'mean',
    field,
    ...options,
  }),
  min: (name: string, field: string, options: WindowOptions): WindowFeature => ({
    kind: 'window',
    name,
    aggregation: 'min',
    field,
    ...options,
  }),
  max: (name: string, field: string, options: WindowOptions): WindowFeature => ({
    kind: 'window',
    name,
    aggregation: 'max',
    field,
    ...options,
  }),
  stddev: (name: string, field: string, options: WindowOptions): WindowFeature => ({
    kind: 'window',
    name,
    aggregation: 'stddev',
    field,
    ...options,
  }),
  distinct: (name: string, field: string, options: WindowOptions): WindowFeature => ({
    kind: 'window',
    name,
    aggregation: 'distinct',
    field,
    ...options,
  }),
  last: (name: string, field: string): LastFeature => ({ kind: 'last', name, field }),
  lastN: (name: string, field: string, n: number): LastNFeature => ({ kind: 'last_n', name, field, n }),
  timeSinceLast: (name: string): TimeSinceLastFeature => ({ kind: 'time_since_last', name }),
  derived: (name: string, compute: DerivedFeature['compute']): DerivedFeature => ({ kind: 'derived', name, compute }),
};

export function matches(condition: Condition | undefined, event: Readonly<Record<string, unknown>>): boolean {
  if (!condition) return true;
  const value = event[condition.field];
  if ('equals' in condition) return value === condition.equals;
  if (typeof value !== 'number') return false;
  return 'lessThan' in condition ? value < condition.lessThan : value > condition.greaterThan;
}

export function describeCondition(condition: Condition | undefined): string {
  if (!condition) return '*';
  if ('equals' in condition) return `${condition.field}=${JSON.stringify(condition.equals)}`;
  return 'lessThan' in condition ? `${condition.field}<${condition.lessThan}` : `${condition.field}>${condition.greaterThan}`;
}
