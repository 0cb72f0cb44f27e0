import { invalidRequest, isObject, type FieldProblem } from '../registry/registry-request';

/** `POST /v1/predict`, checked. */
export interface PredictRequest {
  readonly model: string | undefined;
  /** Entity ids by entity kind, e.g. `{ user: "u-1" }`. */
  readonly entity: Readonly<Record<string, string>>;
  /** Request-time fields (the transaction being decided: amount, channel…); derived features are computed from them. */
  readonly request: Readonly<Record<string, unknown>> | undefined;
  readonly eventId: string | undefined;
}

const FIELDS = ['model', 'entity', 'request', 'event_id'];

/** Parses `{ model?, entity: { <kind>: <id> }, request?: { … }, event_id? }`; every problem is listed. */
export function parsePredictRequest(body: unknown): PredictRequest {
  const problems: FieldProblem[] = [];
  if (!isObject(body)) throw invalidRequest([{ path: '', reason: 'expected a JSON object' }]);
  for (const key of Object.keys(body))
    if (!FIELDS.includes(key)) problems.push({ path: key, reason: `unknown field; expected ${FIELDS.join(', ')}` });
  const { model, entity, request, event_id: eventId } = body;
  if (model !== undefined && (typeof model !== 'string' || model.length === 0))
    problems.push({ path: 'model', reason: 'expected a model name' });
  const entities: Record<string, string> = {};
  if (!isObject(entity)) problems.push({ path: 'entity', reason: 'expected an object of entity ids, e.g. { "user": "u-1" }' });
  else {
    for (const [kind, id] of Object.entries(entity)) {
      if (typeof id !== 'string' || id.length === 0) problems.push({ path: `entity.${kind}`, reason: 'expected a non-empty string id' });
      else entities[kind] = id;
    }
    if (Object.keys(entity).length === 0) problems.push({ path: 'entity', reason: 'expected at least one entity id' });
  }
  if (request !== undefined && !isObject(request)) problems.push({ path: 'request', reason: 'expected an object of request-time fields' });
  if (eventId !== undefined && (typeof eventId !== 'string' || eventId.length === 0))
    problems.push({ path: 'event_id', reason: 'expected a non-empty string' });
  if (problems.length > 0) throw invalidRequest(problems);
  return {
    model: model as string | undefined,
    entity: entities,
    request: request as Record<string, unknown> | undefined,
    eventId: eventId as string | undefined,
  };
}
