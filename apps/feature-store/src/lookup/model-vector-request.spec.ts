import { merchantTransactionsV1, userTransactionsV1 } from '@mlops/features';
import { ViewRegistry } from '../views/view-registry';
import { LookupError } from './lookup.errors';
import { parseModelVector } from './model-vector-request';

const registry = new ViewRegistry([userTransactionsV1, merchantTransactionsV1]);

function refusal(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (error) {
    if (error instanceof LookupError) return { status: error.status, error: error.code, message: error.message, ...error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe(parseModelVector.name, () => {
  it('reads each vector once and maps every input to its read and position, in the order given', () => {
    const plan = parseModelVector(registry, {
      entity: { user: 'u1', merchant: 'm1', device: 'ignored' },
      features: [
        'merchant_transactions:tx_count_24h',
        'user_transactions:v1:amount',
        'user_transactions:tx_count_10m',
        'merchant_transactions:tx_count_1h',
      ],
    });
    expect(plan.reads.map((r) => [r.layout.name, r.layout.version, r.entityId])).toEqual([
      ['merchant_transactions', 1, 'm1'],
      ['user_transactions', 1, 'u1'],
    ]);
    expect(plan.slots).toEqual([
      { read: 0, index: 1 },
      { read: 1, index: 23 },
      { read: 1, index: 0 },
      { read: 0, index: 0 },
    ]);
  });

  it('allows an input listed twice', () => {
    const plan = parseModelVector(registry, { entity: { user: 'u1' }, features: ['user_transactions:amount', 'user_transactions:amount'] });
    expect(plan.slots).toEqual([
      { read: 0, index: 23 },
      { read: 0, index: 23 },
    ]);
  });

  it('answers 400 naming every unknown view, version and feature', () => {
    expect(
      refusal(() =>
        parseModelVector(registry, {
          entity: { user: 'u1' },
          features: ['user_transactions:nope', 'cards:amount', 'user_transactions:v2:amount', 'user_transactions:amount'],
        }),
      ),
    ).toEqual({
      status: 400,
      error: 'unknown_features',
      message:
        'unknown features (served views: user_transactions v1, merchant_transactions v1): user_transactions:nope, cards:amount, user_transactions:v2:amount',
      unknown: ['user_transactions:nope', 'cards:amount', 'user_transactions:v2:amount'],
    });
  });

  it('names the entity a view needs when it is not given', () => {
    expect(refusal(() => parseModelVector(registry, { entity: {}, features: ['merchant_transactions:tx_count_1h'] }))).toMatchObject({
      status: 400,
      error: 'invalid_request',
      problems: [{ path: 'entity.merchant', reason: 'required by merchant_transactions:tx_count_1h (an entity id)' }],
    });
  });

  it.each([
    [
      { features: ['user_transactions:amount'] },
      [{ path: 'entity', reason: 'required field missing (an object of entity ids by entity kind)' }],
    ],
    [{ entity: { user: 'u1' } }, [{ path: 'features', reason: 'required field missing (an array of "<view>:<feature>")' }]],
    [
      { entity: { user: '' }, features: [] },
      [
        { path: 'entity.user', reason: 'expected a non-empty string' },
        { path: 'features', reason: 'expected at least one of "<view>:<feature>" references' },
      ],
    ],
    [
      { entity: ['u1'], features: ['a:b:c', 'a:v0:b', ':b', 'a:'], model: 'x' },
      [
        { path: 'model', reason: 'unknown field; expected entity, features' },
        { path: 'entity', reason: 'expected an object, got an array' },
        { path: 'features[0]', reason: 'expected "<view>:<feature>" or "<view>:v<version>:<feature>", got string "a:b:c"' },
        { path: 'features[1]', reason: 'expected "<view>:<feature>" or "<view>:v<version>:<feature>", got string "a:v0:b"' },
        { path: 'features[2]', reason: 'expected "<view>:<feature>" or "<view>:v<version>:<feature>", got string ":b"' },
        { path: 'features[3]', reason: 'expected "<view>:<feature>" or "<view>:v<version>:<feature>", got string "a:"' },
      ],
    ],
  ])('refuses %j, listing every problem', (body, problems) => {
    expect(refusal(() => parseModelVector(registry, body))).toMatchObject({ status: 400, error: 'invalid_request', problems });
  });
});
