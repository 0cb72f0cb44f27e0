import { merchantTransactionsV1, userTransactionsV1 } from '@mlops/features';
import { ViewRegistry } from '../views/view-registry';
import { parseBatchLookup, parseEntityQuery } from './lookup-request';
import { LookupError } from './lookup.errors';

const registry = new ViewRegistry([userTransactionsV1, merchantTransactionsV1]);

/** The error `run` throws, as the API answers it. */
function refusal(run: () => unknown): { status: number; body: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (error instanceof LookupError)
      return { status: error.status, body: { error: error.code, message: error.message, ...error.details } };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe(parseEntityQuery.name, () => {
  it('selects every feature of the newest version by default', () => {
    const lookup = parseEntityQuery(registry, 'merchant_transactions', 'm1', {});
    expect(lookup.layout.version).toBe(1);
    expect(lookup.selection.names).toEqual(merchantTransactionsV1.outputNames);
    expect(lookup.entityIds).toEqual(['m1']);
  });

  it('selects the listed features in the order listed, spaces trimmed', () => {
    const lookup = parseEntityQuery(registry, 'user_transactions', 'u1', { version: '1', features: 'amount, tx_count_10m' });
    expect(lookup.selection).toEqual({ names: ['amount', 'tx_count_10m'], indexes: [23, 0] });
  });

  it('answers 404 for an unknown view, naming the known ones', () => {
    expect(refusal(() => parseEntityQuery(registry, 'devices', 'd1', {}))).toEqual({
      status: 404,
      body: { error: 'unknown_view', message: 'unknown feature view "devices"; known: user_transactions, merchant_transactions' },
    });
  });

  it.each([
    ['0', 'string "0"'],
    ['1.5', 'string "1.5"'],
    ['latest', 'string "latest"'],
    ['', 'string ""'],
  ])('refuses version=%s', (version, got) => {
    expect(refusal(() => parseEntityQuery(registry, 'user_transactions', 'u1', { version })).body['problems']).toEqual([
      { path: 'version', reason: `expected a whole number ≥ 1, got ${got}` },
    ]);
  });

  it('answers 404 for a version the view does not have', () => {
    expect(refusal(() => parseEntityQuery(registry, 'user_transactions', 'u1', { version: '4' }))).toEqual({
      status: 404,
      body: { error: 'unknown_view_version', message: 'feature view "user_transactions" has no version 4; known: 1' },
    });
  });

  it('refuses empty and repeated feature names, and repeated parameters', () => {
    expect(refusal(() => parseEntityQuery(registry, 'user_transactions', 'u1', { features: 'amount,' })).body['problems']).toEqual([
      { path: 'features', reason: 'expected comma-separated feature names, got string "amount,"' },
    ]);
    expect(refusal(() => parseEntityQuery(registry, 'user_transactions', 'u1', { features: 'amount,amount' })).body['problems']).toEqual([
      { path: 'features[1]', reason: '"amount" is already features[0]' },
    ]);
    expect(refusal(() => parseEntityQuery(registry, 'user_transactions', 'u1', { version: ['1', '2'] })).body['problems']).toEqual([
      { path: 'version', reason: 'given 2 times; give it once' },
    ]);
  });

  it('answers 400 naming every unknown feature', () => {
    expect(refusal(() => parseEntityQuery(registry, 'user_transactions', 'u1', { features: 'amount,foo,bar' }))).toEqual({
      status: 400,
      body: { error: 'unknown_features', message: 'unknown features of user_transactions v1: foo, bar', unknown: ['foo', 'bar'] },
    });
  });
});

describe(parseBatchLookup.name, () => {
  it('keeps the entities in request order, duplicates included', () => {
    const lookup = parseBatchLookup(registry, 'user_transactions', { entities: ['b', 'a', 'b'], features: ['amount'], version: 1 }, 10);
    expect(lookup.entityIds).toEqual(['b', 'a', 'b']);
    expect(lookup.selection).toEqual({ names: ['amount'], indexes: [23] });
  });

  it('answers 413 above the entity limit before looking at the items', () => {
    expect(refusal(() => parseBatchLookup(registry, 'user_transactions', { entities: [1, 2, 3] }, 2))).toEqual({
      status: 413,
      body: { error: 'too_many_entities', message: '3 entities in one request; at most 2' },
    });
  });

  it('lists every problem at once, each with its path', () => {
    const body = { entities: ['a', 5, '', { id: 'x' }], features: [], version: 0, extra: true };
    expect(refusal(() => parseBatchLookup(registry, 'user_transactions', body, 10))).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        message: '6 problems in the request',
        problems: [
          { path: 'extra', reason: 'unknown field; expected entities, features, version' },
          { path: 'entities[1]', reason: 'expected a string, got number 5' },
          { path: 'entities[2]', reason: 'expected a non-empty string' },
          { path: 'entities[3]', reason: 'expected a string, got an object' },
          { path: 'features', reason: 'expected at least one of feature names (leave the field out for all)' },
          { path: 'version', reason: 'expected a whole number ≥ 1, got number 0' },
        ],
      },
    });
  });

  it.each([
    [undefined, 'body: expected a JSON object, got nothing'],
    ['u1', 'body: expected a JSON object, got string "u1"'],
    [{}, 'entities: required field missing (an array of entity ids)'],
    [{ entities: 'u1' }, 'entities: expected an array of entity ids, got string "u1"'],
    [{ entities: [] }, 'entities: expected at least one of entity ids'],
    [{ entities: ['u1'], version: '1' }, 'version: expected a whole number ≥ 1, got string "1"'],
    [
      { entities: ['u1'], features: 'amount' },
      'features: expected an array of feature names (leave the field out for all), got string "amount"',
    ],
  ])('refuses %j: %s', (body, message) => {
    expect(refusal(() => parseBatchLookup(registry, 'user_transactions', body, 10)).body['message']).toBe(message);
  });
});
