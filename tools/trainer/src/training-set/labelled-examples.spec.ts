import { parseLabelledExamples, TrainingSetFileError } from './labelled-examples';

const line = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    entity_id: 'user-1',
    timestamp: 1_767_225_600_000,
    event_id: 'tx-1',
    label: '1',
    features: { a: 1.5, b: null },
    ...overrides,
  });

describe(parseLabelledExamples.name, () => {
  it('reads rows in the order of the given feature names, null for missing', () => {
    const text = `${line()}\n${line({ event_id: 'tx-2', label: '0', features: { b: 2, a: -1, extra: 9 } })}\n`;

    expect(parseLabelledExamples(text, ['b', 'a'], 'set.ndjson')).toEqual([
      { entityId: 'user-1', eventId: 'tx-1', timestamp: 1_767_225_600_000, label: 1, values: [null, 1.5] },
      { entityId: 'user-1', eventId: 'tx-2', timestamp: 1_767_225_600_000, label: 0, values: [2, -1] },
    ]);
  });

  it('reads true/false and numeric labels', () => {
    const text = [line({ label: 'true' }), line({ label: 'false' }), line({ label: 1 })].join('\n');

    expect(parseLabelledExamples(text, ['a'], 'x').map((e) => e.label)).toEqual([1, 0, 1]);
  });

  it('lists every problem with its line', () => {
    const text = [
      'not json',
      line({ label: 'maybe' }),
      line({ features: { a: 'high', b: 1 } }),
      line({ features: {} }),
      line({ event_id: undefined }),
    ].join('\n');

    let error: unknown;
    try {
      parseLabelledExamples(text, ['a', 'b'], 'set.ndjson');
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(TrainingSetFileError);
    expect((error as TrainingSetFileError).problems).toEqual([
      expect.stringMatching(/^line 1: not JSON/) as string,
      'line 2: label "maybe" is not 0/1 or false/true',
      'line 3: features a are neither numbers nor null',
      'line 4: features lack a, b',
      'line 5: event_id is not a non-empty string (rows must come from --from-labels)',
    ]);
  });
});
