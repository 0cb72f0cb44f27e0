import { ApiError } from '@mlops/service-runtime';

/** One reason a request was refused: where (`path`, e.g. `entities[2]`) and why. */
export interface FieldProblem {
  readonly path: string;
  readonly reason: string;
}

/** A refusal the client can act on; `status` is its HTTP status, `code` its machine-readable name. */
export class LookupError extends ApiError {
  override readonly name = 'LookupError';
}

const list = (items: readonly (string | number)[]): string => items.join(', ');

export const unknownView = (name: string, known: readonly string[]) =>
  new LookupError(404, 'unknown_view', `unknown feature view "${name}"; known: ${list(known)}`);

export const unknownViewVersion = (name: string, version: number, known: readonly number[]) =>
  new LookupError(404, 'unknown_view_version', `feature view "${name}" has no version ${version}; known: ${list(known)}`);

export const invalidRequest = (problems: readonly FieldProblem[]) =>
  new LookupError(
    400,
    'invalid_request',
    problems.length === 1 ? `${problems[0]?.path || 'body'}: ${problems[0]?.reason}` : `${problems.length} problems in the request`,
    { problems },
  );

/** `where` names what the features were looked for in, e.g. `user_transactions v1`. */
export const unknownFeatures = (unknown: readonly string[], where: string) =>
  new LookupError(400, 'unknown_features', `unknown features ${where}: ${list(unknown)}`, { unknown });

export const tooManyEntities = (count: number, max: number) =>
  new LookupError(413, 'too_many_entities', `${count} entities in one request; at most ${max}`);

export const unavailable = (what: string, reason: string) => new LookupError(503, 'unavailable', `${what} unavailable: ${reason}`);
