import { isAlias, type Alias } from '@mlops/model-registry';
import { ApiError } from '@mlops/service-runtime';

/** A request body field and why it is refused. */
export interface FieldProblem {
  readonly path: string;
  readonly reason: string;
}

export const invalidRequest = (problems: readonly FieldProblem[]): ApiError =>
  new ApiError(400, 'invalid_request', problems.map((p) => `${p.path || 'body'}: ${p.reason}`).join('; '), { problems });

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function objectBody(body: unknown, allowed: readonly string[], problems: FieldProblem[]): Record<string, unknown> {
  if (!isObject(body)) {
    problems.push({ path: '', reason: 'expected a JSON object' });
    return {};
  }
  for (const key of Object.keys(body))
    if (!allowed.includes(key)) problems.push({ path: key, reason: `unknown field; expected ${allowed.join(', ')}` });
  return body;
}

function optionalString(body: Record<string, unknown>, field: string, problems: FieldProblem[]): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) problems.push({ path: field, reason: 'expected a non-empty string' });
  return typeof value === 'string' ? value : undefined;
}

function requiredAlias(value: unknown, path: string, problems: FieldProblem[]): Alias {
  if (isAlias(value)) return value;
  problems.push({ path, reason: `expected one of "champion", "challenger", "shadow", got ${JSON.stringify(value) ?? 'nothing'}` });
  return 'champion';
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `POST /v1/models/:name/versions`: `{ card: {...}, artifact_base64: "..." }`. */
export function parseRegistration(body: unknown, maxArtifactBytes: number): { card: unknown; artifact: Buffer; actor: string | undefined } {
  const problems: FieldProblem[] = [];
  const object = objectBody(body, ['card', 'artifact_base64', 'actor'], problems);
  if (!isObject(object['card'])) problems.push({ path: 'card', reason: 'expected the model card as a JSON object' });
  const encoded = object['artifact_base64'];
  let artifact = Buffer.alloc(0);
  if (typeof encoded !== 'string' || encoded.length === 0 || !BASE64.test(encoded))
    problems.push({ path: 'artifact_base64', reason: 'expected the ONNX file, base64-encoded' });
  else {
    artifact = Buffer.from(encoded, 'base64');
    if (artifact.byteLength > maxArtifactBytes)
      problems.push({ path: 'artifact_base64', reason: `artifact of ${artifact.byteLength} bytes; at most ${maxArtifactBytes}` });
  }
  const actor = optionalString(object, 'actor', problems);
  if (problems.length > 0) throw invalidRequest(problems);
  return { card: object['card'], artifact, actor };
}

/** `POST /v1/models/:name/aliases`: `{ alias, version, traffic?, reason?, actor? }`. */
export function parsePromotion(body: unknown): {
  alias: Alias;
  version: string;
  traffic: number | undefined;
  reason: string | undefined;
  actor: string | undefined;
} {
  const problems: FieldProblem[] = [];
  const object = objectBody(body, ['alias', 'version', 'traffic', 'reason', 'actor'], problems);
  const alias = requiredAlias(object['alias'], 'alias', problems);
  const rawVersion = object['version'];
  const version = typeof rawVersion === 'number' ? String(rawVersion) : rawVersion;
  if (typeof version !== 'string' || !/^\d+$/.test(version))
    problems.push({ path: 'version', reason: 'expected a registered version number, e.g. "3"' });
  const traffic = object['traffic'];
  if (traffic !== undefined && (typeof traffic !== 'number' || !(traffic >= 0 && traffic <= 1)))
    problems.push({ path: 'traffic', reason: 'expected a share between 0 and 1' });
  else if (traffic !== undefined && alias !== 'challenger') problems.push({ path: 'traffic', reason: 'applies to the challenger only' });
  const reason = optionalString(object, 'reason', problems);
  const actor = optionalString(object, 'actor', problems);
  if (problems.length > 0) throw invalidRequest(problems);
  return { alias, version: version as string, traffic: traffic as number | undefined, reason, actor };
}

/** `POST /v1/models/:name/rollback`: `{ alias?: "champion", reason?, actor? }` (empty body = the champion). */
export function parseRollback(body: unknown): { alias: Alias; reason: string | undefined; actor: string | undefined } {
  const problems: FieldProblem[] = [];
  const object = body === undefined ? {} : objectBody(body, ['alias', 'reason', 'actor'], problems);
  const alias = object['alias'] === undefined ? 'champion' : requiredAlias(object['alias'], 'alias', problems);
  const reason = optionalString(object, 'reason', problems);
  const actor = optionalString(object, 'actor', problems);
  if (problems.length > 0) throw invalidRequest(problems);
  return { alias, reason, actor };
}

export const parseAliasParam = (value: string): Alias => {
  const problems: FieldProblem[] = [];
  const alias = requiredAlias(value, 'alias', problems);
  if (problems.length > 0) throw invalidRequest(problems);
  return alias;
};
