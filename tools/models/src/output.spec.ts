import type { AliasState, ModelCard, ModelSummary } from '@mlops/model-registry';
import {
  formatAliasState,
  formatJson,
  formatModelList,
  formatRegistered,
  formatSummary,
  percent,
  refusalLines,
  table,
  unreachableLines,
  versionRanges,
} from './output';
import { RegistryRefusalError, RegistryUnreachableError } from './registry.client';

const state = (overrides: Partial<AliasState> = {}): AliasState => ({
  champion: null,
  challenger: null,
  shadow: null,
  challengerTraffic: 0,
  previous: { champion: [], challenger: [], shadow: [] },
  ...overrides,
});

const summary = (name: string, versions: string[], aliases: Partial<AliasState> = {}): ModelSummary => ({
  name,
  versions,
  aliases: state(aliases),
});

describe(table.name, () => {
  it('pads every column but the last to its widest cell, two spaces apart', () => {
    expect(
      table([
        ['A', 'BB', 'C'],
        ['long', 'x', 'last'],
      ]),
    ).toBe('A     BB  C\nlong  x   last\n');
  });
});

describe(percent.name, () => {
  it('shows a share as a percentage with at most two decimals', () => {
    expect([0, 0.1, 0.125, 1, 1 / 3, 0.07].map(percent)).toEqual(['0%', '10%', '12.5%', '100%', '33.33%', '7%']);
  });
});

describe(versionRanges.name, () => {
  it('folds consecutive versions into ranges, in numeric order', () => {
    expect(versionRanges(['1', '2', '3', '5', '10', '11'])).toBe('1-3, 5, 10-11');
    expect(versionRanges(['10', '9', '2'])).toBe('2, 9-10');
    expect(versionRanges(['4'])).toBe('4');
    expect(versionRanges([])).toBe('-');
  });
});

describe(formatModelList.name, () => {
  it('shows one row per model: versions, champion, challenger with its traffic, shadow', () => {
    const models = [
      summary('card_fraud', ['1', '2', '3'], { champion: '2', challenger: '3', challengerTraffic: 0.1 }),
      summary('merchant_risk', ['1'], { shadow: '1' }),
    ];

    expect(formatModelList(models)).toBe(
      [
        'MODEL          VERSIONS  CHAMPION  CHALLENGER  SHADOW',
        'card_fraud     1-3       2         3 (10%)     -',
        'merchant_risk  1         -         -           1',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing is registered', () => {
    expect(formatModelList([])).toBe('no models registered\n');
  });
});

describe(formatSummary.name, () => {
  it('shows each alias with its version, the share it serves and the version a rollback returns to', () => {
    const model = summary('card_fraud', ['1', '2', '3', '4'], {
      champion: '2',
      challenger: '4',
      shadow: '3',
      challengerTraffic: 0.25,
      previous: { champion: ['1'], challenger: [], shadow: ['1', '2'] },
    });

    expect(formatSummary(model)).toBe(
      [
        'card_fraud: versions 1-4',
        '',
        'ALIAS       VERSION  SERVES                   ROLLS BACK TO',
        'champion    2        75%                      1',
        'challenger  4        25%                      -',
        'shadow      3        scores all, serves none  2',
        '',
      ].join('\n'),
    );
  });

  it('gives the champion every entity when there is no challenger', () => {
    expect(formatSummary(summary('card_fraud', ['1'], { champion: '1' }))).toContain('champion    1        100%    -\n');
  });
});

describe(formatAliasState.name, () => {
  it('states every alias after a change in one line', () => {
    expect(formatAliasState('card_fraud', state({ champion: '1', challenger: '2', challengerTraffic: 0.05 }))).toBe(
      'card_fraud: champion 1, challenger 2 (5%), shadow -\n',
    );
  });
});

describe(formatRegistered.name, () => {
  it('gives the new version, its size and digest', () => {
    const card = { name: 'card_fraud', version: '4', artifact: { uri: 'file:///m.onnx', sha256: 'ab12', bytes: 2_048 } } as ModelCard;

    expect(formatRegistered(card)).toBe('registered card_fraud version 4 (2048 bytes, sha256 ab12)\n');
  });
});

describe(formatJson.name, () => {
  it('pretty-prints with a final newline', () => {
    expect(formatJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });
});

describe(refusalLines.name, () => {
  const refusal = (status: number, body: unknown) =>
    new RegistryRefusalError('POST', 'http://r/v1/models/m/versions', status, typeof body === 'string' ? body : JSON.stringify(body));

  it('gives the message of the registry, then each problem it lists', () => {
    const body = {
      error: 'model_rejected',
      message: 'model m refused: a; b',
      problems: [
        'input "features" takes 5 features per row, the card lists 29',
        'golden_examples[0] has 5 inputs, the card lists 29 features',
      ],
    };

    expect(refusalLines(refusal(422, body))).toEqual([
      'error: registry refused (422 model_rejected): model m refused: a; b',
      '  - input "features" takes 5 features per row, the card lists 29',
      '  - golden_examples[0] has 5 inputs, the card lists 29 features',
    ]);
  });

  it('shows request problems by field path, "body" for the body itself', () => {
    const body = {
      error: 'invalid_request',
      message: 'body: expected a JSON object',
      problems: [
        { path: '', reason: 'expected a JSON object' },
        { path: 'traffic', reason: 'expected a share between 0 and 1' },
      ],
    };

    expect(refusalLines(refusal(400, body))).toEqual([
      'error: registry refused (400 invalid_request): body: expected a JSON object',
      '  - body: expected a JSON object',
      '  - traffic: expected a share between 0 and 1',
    ]);
  });

  it('gives the message alone when there are no problems', () => {
    expect(refusalLines(refusal(404, { error: 'not_found', message: 'model m is not registered' }))).toEqual([
      'error: registry refused (404 not_found): model m is not registered',
    ]);
  });

  it('shows an answer without a message as it came, or says it was empty', () => {
    expect(refusalLines(refusal(502, '<html>Bad Gateway</html>'))).toEqual([
      'error: POST http://r/v1/models/m/versions answered 502: <html>Bad Gateway</html>',
    ]);
    expect(refusalLines(refusal(500, ''))).toEqual(['error: POST http://r/v1/models/m/versions answered 500: (empty body)']);
  });
});

describe(unreachableLines.name, () => {
  it('names the registry address, the cause and how to point elsewhere', () => {
    const cause = new Error('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3004') });

    expect(unreachableLines(new RegistryUnreachableError('http://127.0.0.1:3004', cause))).toEqual([
      'error: cannot reach the model registry at http://127.0.0.1:3004: fetch failed: connect ECONNREFUSED 127.0.0.1:3004',
      '  is stream-inference running there? Set MODEL_REGISTRY_URL or --registry to its address.',
    ]);
  });
});
