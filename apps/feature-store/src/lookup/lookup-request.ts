import type { FeatureSelection, ViewLayout, ViewRegistry } from '../views/view-registry';
import { invalidRequest, tooManyEntities, unknownFeatures, unknownView, unknownViewVersion, type FieldProblem } from './lookup.errors';
import { checkFields, checkUnique, describeValue, isPlainObject, parseVersion, stringItems } from './request-values';

/** Entities of one view version and the features asked of them. */
export interface EntityLookup {
  readonly layout: ViewLayout;
  readonly selection: FeatureSelection;
  readonly entityIds: readonly string[];
}

const BATCH_FIELDS = ['entities', 'features', 'version'] as const;

/** `GET /v1/features/:view/:entityId?version=N&features=a,b,c` */
export function parseEntityQuery(registry: ViewRegistry, view: string, entityId: string, query: unknown): EntityLookup {
  assertKnownView(registry, view);
  const problems: FieldProblem[] = [];
  const params = isPlainObject(query) ? query : {};
  const version = parseVersion(single(params, 'version', problems), 'version', true, problems);
  const featuresText = single(params, 'features', problems);
  let names: string[] | undefined;
  if (typeof featuresText === 'string') {
    names = featuresText.split(',').map((name) => name.trim());
    if (names.some((name) => name.length === 0))
      problems.push({ path: 'features', reason: `expected comma-separated feature names, got ${describeValue(featuresText)}` });
    else checkUnique(names, 'features', problems);
  }
  if (problems.length > 0) throw invalidRequest(problems);
  const layout = resolveLayout(registry, view, version);
  return { layout, selection: selectFeatures(layout, names), entityIds: [entityId] };
}

/** `POST /v1/features/:view/lookup` with `{ entities, features?, version? }` */
export function parseBatchLookup(registry: ViewRegistry, view: string, body: unknown, maxEntities: number): EntityLookup {
  assertKnownView(registry, view);
  if (!isPlainObject(body)) throw invalidRequest([{ path: '', reason: `expected a JSON object, got ${describeValue(body)}` }]);
  const problems: FieldProblem[] = [];
  checkFields(body, BATCH_FIELDS, problems);
  const { entities: rawEntities, features: rawFeatures } = body;
  if (Array.isArray(rawEntities) && rawEntities.length > maxEntities) throw tooManyEntities(rawEntities.length, maxEntities);
  let entityIds: string[] | undefined;
  if (rawEntities === undefined) problems.push({ path: 'entities', reason: 'required field missing (an array of entity ids)' });
  else entityIds = stringItems(rawEntities, 'entities', 'entity ids', problems);
  let names: string[] | undefined;
  if (rawFeatures !== undefined) {
    names = stringItems(rawFeatures, 'features', 'feature names (leave the field out for all)', problems);
    if (names) checkUnique(names, 'features', problems);
  }
  const version = parseVersion(body['version'], 'version', false, problems);
  if (problems.length > 0 || entityIds === undefined) throw invalidRequest(problems);
  const layout = resolveLayout(registry, view, version);
  return { layout, selection: selectFeatures(layout, names), entityIds };
}

export function assertKnownView(registry: ViewRegistry, view: string): void {
  if (!registry.has(view)) throw unknownView(view, registry.names());
}

/** The view version asked for, or the newest when none was. */
export function resolveLayout(registry: ViewRegistry, view: string, version: number | undefined): ViewLayout {
  const layout = registry.find(view, version);
  if (layout) return layout;
  if (version === undefined) throw unknownView(view, registry.names());
  throw unknownViewVersion(view, version, registry.versions(view));
}

/** The named features of a view version in the order given, or all of them in the vector's order. */
export function selectFeatures(layout: ViewLayout, names: readonly string[] | undefined): FeatureSelection {
  if (names === undefined) return layout.all;
  const indexes: number[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const index = layout.indexOf.get(name);
    if (index === undefined) unknown.push(name);
    else indexes.push(index);
  }
  if (unknown.length > 0) throw unknownFeatures(unknown, `of ${layout.name} v${layout.version}`);
  return { names, indexes };
}

/** A query parameter given at most once. */
function single(params: Readonly<Record<string, unknown>>, name: string, problems: FieldProblem[]): unknown {
  const value = params[name];
  if (Array.isArray(value)) {
    problems.push({ path: name, reason: `given ${value.length} times; give it once` });
    return undefined;
  }
  return value;
}
