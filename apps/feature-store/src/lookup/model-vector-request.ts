import type { ViewLayout, ViewRegistry } from '../views/view-registry';
import { invalidRequest, unknownFeatures, type FieldProblem } from './lookup.errors';
import { checkFields, describeValue, isPlainObject, stringItems } from './request-values';

/** One stored vector a model input reads from. */
export interface VectorRead {
  readonly layout: ViewLayout;
  readonly entityId: string;
}

/** Where one model input comes from: a read, and the value's position in that vector. */
export interface VectorSlot {
  readonly read: number;
  readonly index: number;
}

/** `POST /v1/features/vector`, resolved: the distinct vectors to read and, per input, where its value is. */
export interface ModelVectorPlan {
  readonly reads: readonly VectorRead[];
  readonly slots: readonly VectorSlot[];
}

interface FeatureRef {
  readonly view: string;
  readonly version: number | undefined;
  readonly feature: string;
}

const BODY_FIELDS = ['entity', 'features'] as const;
const VERSION = /^v([1-9][0-9]{0,8})$/;

/**
 * Parses `{ entity: { <entity kind>: <id> }, features: ["<view>:<feature>" | "<view>:v<N>:<feature>", …] }`.
 * Without a version a reference reads the view's newest version; a model card should pin it.
 */
export function parseModelVector(registry: ViewRegistry, body: unknown): ModelVectorPlan {
  if (!isPlainObject(body)) throw invalidRequest([{ path: '', reason: `expected a JSON object, got ${describeValue(body)}` }]);
  const problems: FieldProblem[] = [];
  checkFields(body, BODY_FIELDS, problems);
  const entities = parseEntities(body['entity'], problems);
  let texts: string[] | undefined;
  if (body['features'] === undefined)
    problems.push({ path: 'features', reason: 'required field missing (an array of "<view>:<feature>")' });
  else texts = stringItems(body['features'], 'features', '"<view>:<feature>" references', problems);
  const refs = (texts ?? []).map((text, i) => parseRef(text, `features[${i}]`, problems));
  if (problems.length > 0 || entities === undefined || texts === undefined) throw invalidRequest(problems);
  return plan(registry, entities, texts, refs as FeatureRef[]);
}

function plan(
  registry: ViewRegistry,
  entities: Readonly<Record<string, string>>,
  texts: readonly string[],
  refs: readonly FeatureRef[],
): ModelVectorPlan {
  const unknown: string[] = [];
  const resolved = refs.map((ref, i) => {
    const layout = registry.find(ref.view, ref.version);
    const index = layout?.indexOf.get(ref.feature);
    if (layout === undefined || index === undefined) unknown.push(texts[i] as string);
    return { layout, index: index ?? -1 };
  });
  if (unknown.length > 0) {
    const served = registry.layouts().map((l) => `${l.name} v${l.version}`);
    throw unknownFeatures(unknown, `(served views: ${served.join(', ')})`);
  }
  const problems: FieldProblem[] = [];
  const reads: VectorRead[] = [];
  const readOf = new Map<ViewLayout, number>();
  const slots = resolved.map(({ layout, index }, i): VectorSlot => {
    const view = layout as ViewLayout;
    let read = readOf.get(view);
    if (read === undefined) {
      const entityId = Object.hasOwn(entities, view.entity) ? entities[view.entity] : undefined;
      if (entityId === undefined) problems.push({ path: `entity.${view.entity}`, reason: `required by ${texts[i]} (an entity id)` });
      read = reads.push({ layout: view, entityId: entityId ?? '' }) - 1;
      readOf.set(view, read);
    }
    return { read, index };
  });
  if (problems.length > 0) throw invalidRequest(problems);
  return { reads, slots };
}

function parseEntities(value: unknown, problems: FieldProblem[]): Record<string, string> | undefined {
  if (!isPlainObject(value)) {
    const reason =
      value === undefined
        ? 'required field missing (an object of entity ids by entity kind)'
        : `expected an object, got ${describeValue(value)}`;
    problems.push({ path: 'entity', reason });
    return undefined;
  }
  const before = problems.length;
  for (const [kind, id] of Object.entries(value)) {
    if (typeof id !== 'string') problems.push({ path: `entity.${kind}`, reason: `expected a string, got ${describeValue(id)}` });
    else if (id.length === 0) problems.push({ path: `entity.${kind}`, reason: 'expected a non-empty string' });
  }
  return problems.length === before ? (value as Record<string, string>) : undefined;
}

function parseRef(text: string, path: string, problems: FieldProblem[]): FeatureRef | undefined {
  const parts = text.split(':');
  if (parts.length === 2 && parts[0] && parts[1]) return { view: parts[0], version: undefined, feature: parts[1] };
  const version = parts.length === 3 ? VERSION.exec(parts[1] ?? '') : null;
  if (version && parts[0] && parts[2]) return { view: parts[0], version: Number(version[1]), feature: parts[2] };
  problems.push({ path, reason: `expected "<view>:<feature>" or "<view>:v<version>:<feature>", got ${describeValue(text)}` });
  return undefined;
}
