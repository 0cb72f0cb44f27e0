import { EventTypes, type EventTypeName } from '@mlops/contracts';
import { describeCondition, type Condition, type FeatureDefinition, type WindowFeature } from './definition';
import { parseDuration } from './duration';
import { tileSizeFor } from './tiles';

export interface FeatureViewSpec {
  /** Lowercase name; the stream is `features.<name>`. */
  readonly name: string;
  /** Bump on any change of features or their order; versions are stored and served side by side. */
  readonly version: number;
  /** What the vector describes, e.g. `user`; its id is read from `keyField` of the source event. */
  readonly entity: string;
  readonly keyField: string;
  readonly source: EventTypeName;
  /** How long a stored vector is served as present after its event time, e.g. `'30d'`. */
  readonly ttl: string;
  /** How far behind the entity's latest event time an event may be and still be aggregated. @default '5m' */
  readonly allowedLateness?: string;
  readonly features: readonly FeatureDefinition[];
}

/** Windowed features that share a field, a condition and a tile size share their tiles. */
export interface TileGroup {
  readonly key: string;
  readonly field: string | undefined;
  readonly where: Condition | undefined;
  readonly tileMs: number;
  /** Longest window of the group, which bounds the tiles kept. */
  readonly maxWindowMs: number;
  /** Whether any feature of the group needs the distinct-count sketch. */
  readonly distinct: boolean;
}

export interface FeatureView extends FeatureViewSpec {
  readonly ttlMs: number;
  readonly allowedLatenessMs: number;
  readonly timeField: string;
  readonly idField: string;
  /** The vector's layout: one name per value, in order (last_n features expand to name_1…name_n). */
  readonly outputNames: readonly string[];
  readonly groups: readonly TileGroup[];
  /** The tile group of each windowed feature, by feature name. */
  readonly groupOf: ReadonlyMap<string, TileGroup>;
  /** The window of each windowed feature, by feature name. (ms) */
  readonly windowOf: ReadonlyMap<string, number>;
  /** Per field, the most previous values any last/last_n feature needs. */
  readonly lastDepth: ReadonlyMap<string, number>;
}

const NAME = /^[a-z][a-z0-9_]*$/;

/** Checks a view and resolves its layout; every problem is reported at once. */
export function defineFeatureView(spec: FeatureViewSpec): FeatureView {
  const problems: string[] = [];
  const eventType = (EventTypes as Partial<Record<string, (typeof EventTypes)[EventTypeName]>>)[spec.source];
  if (!eventType)
    throw new Error(
      `invalid feature view ${spec.name} v${spec.version}:\n  - source "${spec.source}" is not an event type; known: ${Object.keys(EventTypes).join(', ')}`,
    );
  if (!NAME.test(spec.name)) problems.push(`view name "${spec.name}": expected lowercase letters, digits and "_"`);
  if (!Number.isInteger(spec.version) || spec.version < 1) problems.push(`version ${spec.version}: expected a whole number ≥ 1`);
  const fields = new Set<string>(eventType.schema.fields.map((f) => f.name));
  if (!fields.has(spec.keyField)) problems.push(`keyField "${spec.keyField}" is not a field of ${spec.source}`);
  const duration = (label: string, text: string): number => {
    try {
      return parseDuration(text);
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
      return Number.NaN;
    }
  };
  const ttlMs = duration('ttl', spec.ttl);
  const allowedLatenessMs = duration('allowedLateness', spec.allowedLateness ?? '5m');

  const outputNames: string[] = [];
  const groups = new Map<string, TileGroup>();
  const groupKeyOf = new Map<string, string>();
  const windowOf = new Map<string, number>();
  const lastDepth = new Map<string, number>();
  const checkField = (feature: string, field: string | undefined) => {
    if (field !== undefined && !fields.has(field)) problems.push(`feature "${feature}": "${field}" is not a field of ${spec.source}`);
  };
  for (const definition of spec.features) {
    if (!NAME.test(definition.name)) problems.push(`feature name "${definition.name}": expected lowercase letters, digits and "_"`);
    switch (definition.kind) {
      case 'window': {
        checkField(definition.name, definition.field);
        checkField(definition.name, definition.where?.field);
        if (definition.aggregation !== 'count' && definition.field === undefined)
          problems.push(`feature "${definition.name}": ${definition.aggregation} needs a field`);
        const windowMs = duration(`feature "${definition.name}" window`, definition.window);
        const group = resolveGroup(definition, windowMs, groups, problems);
        if (group) groupKeyOf.set(definition.name, group.key);
        windowOf.set(definition.name, windowMs);
        outputNames.push(definition.name);
        break;
      }
      case 'last':
      case 'last_n': {
        checkField(definition.name, definition.field);
        const n = definition.kind === 'last' ? 1 : definition.n;
        if (!Number.isInteger(n) || n < 1 || n > 50) problems.push(`feature "${definition.name}": n must be 1..50`);
        lastDepth.set(definition.field, Math.max(lastDepth.get(definition.field) ?? 0, n));
        if (definition.kind === 'last') outputNames.push(definition.name);
        else for (let i = 1; i <= n; i += 1) outputNames.push(`${definition.name}_${i}`);
        break;
      }
      case 'time_since_last':
      case 'derived':
        outputNames.push(definition.name);
        break;
    }
  }
  const duplicates = outputNames.filter((name, i) => outputNames.indexOf(name) !== i);
  if (duplicates.length > 0) problems.push(`duplicate feature names: ${[...new Set(duplicates)].join(', ')}`);
  // Resolved after the loop: a group's window and sketch settings grow with each feature that joins it.
  const groupOf = new Map([...groupKeyOf].map(([name, key]) => [name, groups.get(key) as TileGroup]));
  if (problems.length > 0) throw new Error(`invalid feature view ${spec.name} v${spec.version}:\n  - ${problems.join('\n  - ')}`);
  return {
    ...spec,
    ttlMs,
    allowedLatenessMs,
    timeField: eventType.timeField,
    idField: eventType.idField,
    outputNames,
    groups: [...groups.values()],
    groupOf,
    windowOf,
    lastDepth,
  };
}

function resolveGroup(
  definition: WindowFeature,
  windowMs: number,
  groups: Map<string, TileGroup>,
  problems: string[],
): TileGroup | undefined {
  if (Number.isNaN(windowMs)) return undefined;
  let tileMs: number;
  try {
    tileMs = tileSizeFor(windowMs);
  } catch (error) {
    problems.push(`feature "${definition.name}": ${(error as Error).message}`);
    return undefined;
  }
  const field = definition.aggregation === 'count' ? undefined : definition.field;
  const key = `${field ?? '*'}|${describeCondition(definition.where)}|${tileMs}`;
  const existing = groups.get(key);
  const group: TileGroup = {
    key,
    field,
    where: definition.where,
    tileMs,
    maxWindowMs: Math.max(existing?.maxWindowMs ?? 0, windowMs),
    distinct: (existing?.distinct ?? false) || definition.aggregation === 'distinct',
  };
  groups.set(key, group);
  return group;
}
