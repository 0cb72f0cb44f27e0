import type { FeatureVector } from '@mlops/contracts';
import type { ViewRegistry } from '../views/view-registry';

/**
 * Why a decoded vector cannot be stored (empty when it can): its view version must be served here
 * and its values must fit that version's layout. Values must be finite or null: NaN would read back
 * as missing and ±Infinity has no JSON form, so neither could be served as it was computed.
 */
export function featureVectorProblems(registry: ViewRegistry, vector: FeatureVector): string[] {
  const problems: string[] = [];
  const layout = registry.find(vector.view, vector.view_version);
  if (!registry.has(vector.view)) problems.push(`unknown feature view "${vector.view}"; known: ${registry.names().join(', ')}`);
  else if (!layout)
    problems.push(
      `feature view "${vector.view}" has no version ${vector.view_version}; known: ${registry.versions(vector.view).join(', ')}`,
    );
  else if (vector.values.length !== layout.outputNames.length)
    problems.push(`${vector.values.length} values, but ${vector.view} v${vector.view_version} has ${layout.outputNames.length} features`);
  if (vector.entity_id.length === 0) problems.push('entity_id is empty');
  if (!Number.isFinite(vector.event_time) || vector.event_time < 0) problems.push(`event_time ${vector.event_time} is not a time`);
  if (!Number.isFinite(vector.computed_at) || vector.computed_at < 0) problems.push(`computed_at ${vector.computed_at} is not a time`);
  const bad = vector.values.findIndex((value) => value !== null && !Number.isFinite(value));
  if (bad >= 0) problems.push(`values[${bad}] is ${vector.values[bad]}; expected a finite number or null`);
  return problems;
}
