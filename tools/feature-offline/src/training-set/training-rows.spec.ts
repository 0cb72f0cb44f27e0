import { RowsFileError, parseTimestamp, parseTrainingRows } from './training-rows';

function problemsOf(text: string): readonly string[] {
  try {
    parseTrainingRows(text);
  } catch (error) {
    if (error instanceof RowsFileError) return error.problems;
    throw error;
  }
  throw new Error('expected a RowsFileError');
}

describe(parseTimestamp.name, () => {
  it.each([
    ['1767225600000', 1_767_225_600_000],
    ['2026-01-01T00:00:00Z', 1_767_225_600_000],
    ['2026-01-01T01:00:00.5+01:00', 1_767_225_600_500],
  ])('reads %j', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it.each([[''], ['2026-01-01'], ['2026-01-01T00:00:00'], ['1.5'], ['-1'], ['99999999999999999999'], ['soon']])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });
});

describe(parseTrainingRows.name, () => {
  it('reads entity and timestamp rows', () => {
    expect(parseTrainingRows('entity_id,timestamp\nuser-1,1767225600000\nuser-2,2026-01-01T00:00:01Z\n')).toEqual([
      { entity_id: 'user-1', timestamp: 1_767_225_600_000 },
      { entity_id: 'user-2', timestamp: 1_767_225_601_000 },
    ]);
  });

  it('reads optional label and event_id columns in any order, leaving empty cells unset', () => {
    expect(parseTrainingRows('label,timestamp,event_id,entity_id\n1,5,tx-1,u1\n,6,,u2\n')).toEqual([
      { entity_id: 'u1', timestamp: 5, event_id: 'tx-1', label: '1' },
      { entity_id: 'u2', timestamp: 6 },
    ]);
  });

  it('lists every bad line at once, with its number', () => {
    expect(problemsOf('entity_id,timestamp\nu1,yesterday\n,5\nu3\nu4,7\n')).toEqual([
      'line 2: timestamp "yesterday" is not ms or ISO 8601 with a zone',
      'line 3: empty entity_id',
      'line 4: 1 fields, the header has 2',
    ]);
  });

  it('refuses a header without the required columns or with unknown ones', () => {
    expect(problemsOf('user,time,label\n')).toEqual([
      'unknown columns user, time: expected entity_id, timestamp, event_id, label',
      'missing column entity_id',
      'missing column timestamp',
    ]);
  });

  it('refuses an empty file', () => {
    expect(problemsOf('')).toEqual(['the file is empty: expected a header with entity_id,timestamp']);
  });
});
