import { ApiError } from '@mlops/service-runtime';
import type { FieldProblem } from '../registry/registry-request';
import { parsePredictRequest } from './predict-request';

/** The problems of the 400 the parse throws. */
function problemsOf(body: unknown): readonly FieldProblem[] {
  try {
    parsePredictRequest(body);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'invalid_request' });
    return error.details['problems'] as FieldProblem[];
  }
  throw new Error('expected the request to be refused');
}

describe(parsePredictRequest.name, () => {
  it('reads the model, the entity ids, the request-time fields and the event id', () => {
    expect(
      parsePredictRequest({ model: 'card_fraud', entity: { user: 'u-1', merchant: 'm-9' }, request: { amount: 12.5 }, event_id: 'tx-1' }),
    ).toEqual({ model: 'card_fraud', entity: { user: 'u-1', merchant: 'm-9' }, request: { amount: 12.5 }, eventId: 'tx-1' });
  });

  it('needs only the entity', () => {
    expect(parsePredictRequest({ entity: { user: 'u-1' } })).toEqual({
      model: undefined,
      entity: { user: 'u-1' },
      request: undefined,
      eventId: undefined,
    });
  });

  it.each([null, [], 'u-1', 3])('refuses a body that is not an object (%p)', (body) => {
    expect(problemsOf(body)).toEqual([{ path: '', reason: 'expected a JSON object' }]);
  });

  it('refuses a missing entity or one without ids', () => {
    const expected = { path: 'entity', reason: 'expected an object of entity ids, e.g. { "user": "u-1" }' };

    expect(problemsOf({})).toEqual([expected]);
    expect(problemsOf({ entity: 'u-1' })).toEqual([expected]);
    expect(problemsOf({ entity: ['u-1'] })).toEqual([expected]);
    expect(problemsOf({ entity: {} })).toEqual([{ path: 'entity', reason: 'expected at least one entity id' }]);
  });

  it('names each bad entity id by its kind', () => {
    expect(problemsOf({ entity: { user: 'u-1', merchant: '', card: 7 } })).toEqual([
      { path: 'entity.merchant', reason: 'expected a non-empty string id' },
      { path: 'entity.card', reason: 'expected a non-empty string id' },
    ]);
  });

  it('lists every bad field at once', () => {
    expect(problemsOf({ model: '', entity: { user: 'u-1' }, request: [1], event_id: 5, features: [] })).toEqual([
      { path: 'features', reason: 'unknown field; expected model, entity, request, event_id' },
      { path: 'model', reason: 'expected a model name' },
      { path: 'request', reason: 'expected an object of request-time fields' },
      { path: 'event_id', reason: 'expected a non-empty string' },
    ]);
  });
});
