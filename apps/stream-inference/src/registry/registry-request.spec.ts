import { ApiError } from '@mlops/service-runtime';
import { invalidRequest, parseAliasParam, parsePromotion, parseRegistration, parseRollback, type FieldProblem } from './registry-request';

/** The 400 a parse throws: its message and the problems it lists. */
function refusal(parse: () => unknown): { message: string; problems: readonly FieldProblem[] } {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'invalid_request' });
    return { message: error.message, problems: error.details['problems'] as FieldProblem[] };
  }
  throw new Error('expected the request to be refused');
}

const problemsOf = (parse: () => unknown): readonly FieldProblem[] => refusal(parse).problems;

describe(invalidRequest.name, () => {
  it('is a 400 listing every problem in its message, "body" for the body itself', () => {
    const error = invalidRequest([
      { path: '', reason: 'expected a JSON object' },
      { path: 'alias', reason: 'unknown' },
    ]);

    expect(error).toMatchObject({ status: 400, code: 'invalid_request', message: 'body: expected a JSON object; alias: unknown' });
    expect(error.details).toEqual({
      problems: [
        { path: '', reason: 'expected a JSON object' },
        { path: 'alias', reason: 'unknown' },
      ],
    });
  });
});

describe(parseRegistration.name, () => {
  const card = { owner: 'spec' };

  it('decodes the base64 artifact and passes the card on unchecked', () => {
    expect(parseRegistration({ card, artifact_base64: 'AQID', actor: 'trainer' }, 1_000)).toEqual({
      card,
      artifact: Buffer.from([1, 2, 3]),
      actor: 'trainer',
    });
    expect(parseRegistration({ card, artifact_base64: 'AQID' }, 3).actor).toBeUndefined();
  });

  it.each([null, [], 'card', 7])('refuses a body that is not an object (%p), and says what is missing', (body) => {
    expect(problemsOf(() => parseRegistration(body, 1_000))).toEqual([
      { path: '', reason: 'expected a JSON object' },
      { path: 'card', reason: 'expected the model card as a JSON object' },
      { path: 'artifact_base64', reason: 'expected the ONNX file, base64-encoded' },
    ]);
  });

  it('refuses unknown fields, a card that is not an object, an artifact that is not base64 and an empty actor', () => {
    const refused = refusal(() => parseRegistration({ card: [card], artifact_base64: 'not base64!', actor: '', version: '3' }, 1_000));

    expect(refused.problems).toEqual([
      { path: 'version', reason: 'unknown field; expected card, artifact_base64, actor' },
      { path: 'card', reason: 'expected the model card as a JSON object' },
      { path: 'artifact_base64', reason: 'expected the ONNX file, base64-encoded' },
      { path: 'actor', reason: 'expected a non-empty string' },
    ]);
    expect(refused.message).toBe(
      'version: unknown field; expected card, artifact_base64, actor; card: expected the model card as a JSON object; ' +
        'artifact_base64: expected the ONNX file, base64-encoded; actor: expected a non-empty string',
    );
  });

  it.each([undefined, '', 42])('refuses an artifact_base64 of %p', (encoded) => {
    expect(problemsOf(() => parseRegistration({ card, artifact_base64: encoded }, 1_000))).toEqual([
      { path: 'artifact_base64', reason: 'expected the ONNX file, base64-encoded' },
    ]);
  });

  it('refuses an artifact above the size limit, giving both sizes', () => {
    expect(problemsOf(() => parseRegistration({ card, artifact_base64: 'AQIDBA==' }, 3))).toEqual([
      { path: 'artifact_base64', reason: 'artifact of 4 bytes; at most 3' },
    ]);
  });
});

describe(parsePromotion.name, () => {
  it('reads the alias, the version (a number or a string), the traffic share, the reason and the actor', () => {
    expect(parsePromotion({ alias: 'challenger', version: 3, traffic: 0.1, reason: 'canary', actor: 'ops' })).toEqual({
      alias: 'challenger',
      version: '3',
      traffic: 0.1,
      reason: 'canary',
      actor: 'ops',
    });
    expect(parsePromotion({ alias: 'champion', version: '12' })).toEqual({
      alias: 'champion',
      version: '12',
      traffic: undefined,
      reason: undefined,
      actor: undefined,
    });
  });

  it('refuses a body that is not an object', () => {
    expect(problemsOf(() => parsePromotion('champion'))).toEqual([
      { path: '', reason: 'expected a JSON object' },
      { path: 'alias', reason: 'expected one of "champion", "challenger", "shadow", got nothing' },
      { path: 'version', reason: 'expected a registered version number, e.g. "3"' },
    ]);
  });

  it('lists every bad field', () => {
    expect(problemsOf(() => parsePromotion({ alias: 'canary', version: 'v3', reason: 5, actor: '', force: true }))).toEqual([
      { path: 'force', reason: 'unknown field; expected alias, version, traffic, reason, actor' },
      { path: 'alias', reason: 'expected one of "champion", "challenger", "shadow", got "canary"' },
      { path: 'version', reason: 'expected a registered version number, e.g. "3"' },
      { path: 'reason', reason: 'expected a non-empty string' },
      { path: 'actor', reason: 'expected a non-empty string' },
    ]);
  });

  it.each([-0.1, 1.01, '0.5', null])('refuses a traffic share of %p', (traffic) => {
    expect(problemsOf(() => parsePromotion({ alias: 'challenger', version: '2', traffic }))).toEqual([
      { path: 'traffic', reason: 'expected a share between 0 and 1' },
    ]);
  });

  it.each(['champion', 'shadow'])('refuses a traffic share for the %s', (alias) => {
    expect(problemsOf(() => parsePromotion({ alias, version: '2', traffic: 0.5 }))).toEqual([
      { path: 'traffic', reason: 'applies to the challenger only' },
    ]);
  });

  it.each([0, 1])('accepts a challenger traffic share of %p', (traffic) => {
    expect(parsePromotion({ alias: 'challenger', version: '2', traffic }).traffic).toBe(traffic);
  });
});

describe(parseRollback.name, () => {
  it('rolls back the champion when the body is empty', () => {
    const champion = { alias: 'champion', reason: undefined, actor: undefined };

    expect(parseRollback(undefined)).toEqual(champion);
    expect(parseRollback({})).toEqual(champion);
  });

  it('reads the alias, the reason and the actor', () => {
    expect(parseRollback({ alias: 'shadow', reason: 'noisy', actor: 'ops' })).toEqual({ alias: 'shadow', reason: 'noisy', actor: 'ops' });
  });

  it('lists every bad field', () => {
    expect(problemsOf(() => parseRollback({ alias: 'latest', reason: '', to: '2' }))).toEqual([
      { path: 'to', reason: 'unknown field; expected alias, reason, actor' },
      { path: 'alias', reason: 'expected one of "champion", "challenger", "shadow", got "latest"' },
      { path: 'reason', reason: 'expected a non-empty string' },
    ]);
    expect(problemsOf(() => parseRollback(null))).toEqual([{ path: '', reason: 'expected a JSON object' }]);
  });
});

describe(parseAliasParam.name, () => {
  it('accepts the three aliases', () => {
    expect(['champion', 'challenger', 'shadow'].map(parseAliasParam)).toEqual(['champion', 'challenger', 'shadow']);
  });

  it('refuses anything else, naming the alias path', () => {
    expect(refusal(() => parseAliasParam('Champion'))).toEqual({
      message: 'alias: expected one of "champion", "challenger", "shadow", got "Champion"',
      problems: [{ path: 'alias', reason: 'expected one of "champion", "challenger", "shadow", got "Champion"' }],
    });
  });
});
