import { userTransactionsV1 } from '@mlops/features';
import { defaultOutDir, parseCliArgs, UsageError } from './cli-options';

const now = new Date(Date.UTC(2026, 4, 22, 10, 15, 30));

function problems(argv: string[]): readonly string[] {
  try {
    parseCliArgs(argv, now);
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe(parseCliArgs.name, () => {
  it('applies the defaults: user_transactions v1, card_fraud, 20% holdout, threshold 0.5, no registration', () => {
    expect(parseCliArgs([], now)).toEqual({
      view: userTransactionsV1,
      database: undefined,
      namespace: undefined,
      model: 'card_fraud',
      out: '.run/models/train-20260522-101530',
      training: { holdoutFraction: 0.2, minRows: 20, l2: 0.01, maxIterations: 100, tolerance: 1e-7, positiveWeight: 1, threshold: 0.5 },
      owner: 'fraud-team',
      tags: [],
      description: '',
      register: undefined,
      promote: undefined,
      traffic: undefined,
      json: false,
    });
  });

  it('reads every flag', () => {
    const options = parseCliArgs(
      [
        '--database=spec_db',
        '--namespace=spec-ns',
        '--model=card_fraud_v2',
        '--out=/tmp/model',
        '--holdout=0.3',
        '--l2=0.5',
        '--iterations=7',
        '--tolerance=1e-5',
        '--positive-weight=balanced',
        '--threshold=best-f1',
        '--min-rows=50',
        '--owner=risk',
        '--tag=nightly',
        '--tag=v2',
        '--description=retrained',
        '--register=http://127.0.0.1:3004',
        '--promote=challenger',
        '--traffic=0.1',
        '--json',
      ],
      now,
    );

    expect(options).toEqual({
      view: userTransactionsV1,
      database: 'spec_db',
      namespace: 'spec-ns',
      model: 'card_fraud_v2',
      out: '/tmp/model',
      training: {
        holdoutFraction: 0.3,
        minRows: 50,
        l2: 0.5,
        maxIterations: 7,
        tolerance: 1e-5,
        positiveWeight: 'balanced',
        threshold: 'best-f1',
      },
      owner: 'risk',
      tags: ['nightly', 'v2'],
      description: 'retrained',
      register: 'http://127.0.0.1:3004',
      promote: 'challenger',
      traffic: 0.1,
      json: true,
    });
  });

  it('answers --help without checking the rest', () => {
    expect(parseCliArgs(['--help', '--holdout=7'], now)).toEqual({ help: true });
  });

  it('lists every bad flag at once', () => {
    expect(
      problems(['--holdout=1', '--positive-weight=heavy', '--threshold=2', '--model=Card Fraud', '--promote=king', '--traffic=0.5']),
    ).toEqual([
      '--model "Card Fraud": expected lowercase letters, digits, "_" or "-", starting with a letter',
      '--holdout "1": expected a share in (0, 1)',
      '--positive-weight "heavy": expected a positive number or "balanced"',
      '--threshold "2": expected a number in [0, 1] or "best-f1"',
      '--promote "king": expected one of champion, challenger, shadow',
      '--promote needs --register',
    ]);
  });

  it('refuses unknown views, flags and a traffic share without a promotion', () => {
    expect(problems(['--view=nope'])).toEqual(['--view nope --version 1: no such feature view']);
    expect(problems(['--traffic=0.2', '--register=http://r'])).toEqual(['--traffic needs --promote']);
    expect(problems(['--learning-rate=1'])[0]).toMatch(/Unknown option '--learning-rate'/);
  });
});

describe(defaultOutDir.name, () => {
  it('names the directory after the UTC time of the run', () => {
    expect(defaultOutDir(now)).toBe('.run/models/train-20260522-101530');
  });
});
