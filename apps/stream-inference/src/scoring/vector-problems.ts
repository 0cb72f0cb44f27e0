import type { FeatureVector } from '@mlops/contracts';
import { findView } from '@mlops/features';

/**
 * Why a feature vector cannot be scored (empty when it can): ids missing, a length that is not
 * its view version's, or values that are not finite numbers. Vectors of views this build does
 * not define are not problems: no model here reads them.
 */
export function vectorProblems(vector: FeatureVector): string[] {
  const problems: string[] = [];
  if (vector.event_id === '') problems.push('event_id: empty');
  if (vector.entity_id === '') problems.push('entity_id: empty');
  const view = findView(vector.view, vector.view_version);
  if (view !== undefined && vector.values.length !== view.outputNames.length)
    problems.push(`values: ${vector.values.length} values, ${vector.view} v${vector.view_version} has ${view.outputNames.length} features`);
  vector.values.forEach((value, i) => {
    if (value !== null && !Number.isFinite(value)) problems.push(`values[${i}]: ${value} is not a finite number`);
  });
  return problems;
}
