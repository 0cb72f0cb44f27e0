import { userTransactionsV1 } from '@mlops/features';
import { parseCliArgs, UsageError, type CliOptions } from './cli-options';

function problemsOf(argv: readonly string[]): readonly string[] {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe(parseCliArgs.name, () => {
  it('asks for help without a command or with --help', () => {
    expect(parseCliArgs([])).toEqual({ command: 'help' });
    expect(parseCliArgs(['consistency', '-h'])).toEqual({ command: 'help' });
  });

  it('reads consistency with its defaults: exact comparison, 5 examples, the latest view version', () => {
    expect(parseCliArgs(['consistency', '--view', 'user_transactions'])).toEqual<CliOptions>({
      command: 'consistency',
      view: userTransactionsV1,
      database: undefined,
      namespace: undefined,
      tolerance: 0,
      between: undefined,
      examples: 5,
      jsonState: false,
      json: false,
    });
  });

  it('reads every consistency flag', () => {
    const argv = ['consistency', '--view', 'user_transactions', '--version', '1', '--database', 'db_1', '--namespace', 'run-7'];
    const more = [
      '--tolerance',
      '1e-9',
      '--from',
      '2026-01-01T00:00:00Z',
      '--to',
      '1767229200000',
      '--examples',
      '2',
      '--json-state',
      '--json',
    ];

    expect(parseCliArgs([...argv, ...more])).toMatchObject({
      database: 'db_1',
      namespace: 'run-7',
      tolerance: 1e-9,
      between: { from: 1_767_225_600_000, to: 1_767_229_200_000 },
      examples: 2,
      jsonState: true,
      json: true,
    });
  });

  it('reads training-set from a rows file, the format from the output extension', () => {
    expect(parseCliArgs(['training-set', '--view', 'user_transactions', '--rows', 'rows.csv', '--out', 'set.ndjson'])).toMatchObject({
      command: 'training-set',
      rows: { kind: 'file', path: 'rows.csv' },
      out: 'set.ndjson',
      format: 'ndjson',
    });
  });

  it('reads training-set from labels to stdout as CSV', () => {
    expect(parseCliArgs(['training-set', '--view', 'user_transactions', '--from-labels'])).toMatchObject({
      rows: { kind: 'labels' },
      out: undefined,
      format: 'csv',
    });
  });

  it('reads backfill with its range', () => {
    expect(
      parseCliArgs(['backfill', '--view', 'user_transactions', '--from', '0', '--to', '2026-01-02T00:00:00Z', '--write-feature-log']),
    ).toMatchObject({
      command: 'backfill',
      from: 0,
      to: 1_767_312_000_000,
      out: undefined,
      writeFeatureLog: true,
    });
  });

  it('refuses an unknown command', () => {
    expect(problemsOf(['export', '--view', 'x'])).toEqual(['unknown command "export": expected training-set, backfill, consistency']);
  });

  it('lists every problem of a command at once', () => {
    expect(
      problemsOf(['consistency', 'extra', '--view', 'nope', '--database', 'a-b', '--tolerance=-1', '--from', 'x', '--out', 'f']),
    ).toEqual([
      'unexpected arguments: extra',
      '--out not used by consistency',
      'no feature view nope: known views are user_transactions, merchant_transactions',
      '--database "a-b": expected a plain identifier',
      '--from "x": expected ms since the epoch or ISO 8601 with a zone',
      '--tolerance "-1": expected a number ≥ 0',
    ]);
  });

  it('requires a view, naming the known ones', () => {
    expect(problemsOf(['consistency'])).toEqual(['--view is required: one of user_transactions, merchant_transactions']);
  });

  it('refuses an unknown view version', () => {
    expect(problemsOf(['consistency', '--view', 'user_transactions', '--version', '9'])).toEqual([
      'no feature view user_transactions v9: known views are user_transactions, merchant_transactions',
    ]);
  });

  it('needs exactly one source of training rows', () => {
    expect(problemsOf(['training-set', '--view', 'user_transactions'])).toEqual(['give either --rows FILE or --from-labels']);
    expect(problemsOf(['training-set', '--view', 'user_transactions', '--rows', 'r.csv', '--from-labels'])).toEqual([
      'give either --rows FILE or --from-labels',
    ]);
  });

  it('needs the backfill range in order, and one destination', () => {
    expect(problemsOf(['backfill', '--view', 'user_transactions'])).toEqual(['--from is required', '--to is required']);
    expect(
      problemsOf(['backfill', '--view', 'user_transactions', '--from', '5', '--to', '5', '--out', 'f', '--write-feature-log']),
    ).toEqual(['give --out or --write-feature-log, not both', '--from must be before --to']);
  });

  it('refuses an unknown flag', () => {
    expect(problemsOf(['consistency', '--view', 'user_transactions', '--colour'])).toEqual([expect.stringContaining("'--colour'")]);
  });
});
