import { UsageError, defaultRunId, parseCliArgs } from './cli-options';

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
  it('applies the defaults: Kafka, 200 events/s for 30 s, seed 42, an hour of simulated time per second', () => {
    expect(parseCliArgs([], now)).toEqual({
      target: 'kafka',
      url: 'http://127.0.0.1:3001',
      rate: 200,
      transactions: 6_000,
      seed: '42',
      users: 2_000,
      merchants: 1_000,
      drift: [],
      fraudRate: 0.015,
      simSpeed: 3_600,
      startMs: Date.UTC(2026, 0, 1),
      runId: 'wl-20260522-101530',
      topicNamespace: undefined,
      ensureTopics: false,
      httpBatch: 100,
      apiKey: undefined,
      json: false,
      quiet: false,
      help: false,
    });
  });

  it('reads every flag', () => {
    const options = parseCliArgs(
      [
        '--target=http',
        '--url',
        'http://ingest:3001',
        '--rate',
        '50',
        '--events',
        '1234',
        '--seed',
        'abc',
        '--users',
        '10',
        '--merchants',
        '300',
        '--drift',
        'covariate:2@0.5',
        '--fraud-rate',
        '0.05',
        '--sim-speed',
        '60',
        '--start',
        '2026-03-01T12:00:00Z',
        '--run-id',
        'run-1',
        '--topic-namespace',
        'demo_1',
        '--ensure-topics',
        '--http-batch',
        '20',
        '--api-key',
        'k',
        '--json',
        '--quiet',
      ],
      now,
    );
    expect(options).toMatchObject({
      target: 'http',
      url: 'http://ingest:3001',
      rate: 50,
      transactions: 1_234,
      seed: 'abc',
      users: 10,
      merchants: 300,
      fraudRate: 0.05,
      simSpeed: 60,
      startMs: Date.UTC(2026, 2, 1, 12),
      runId: 'run-1',
      topicNamespace: 'demo_1',
      ensureTopics: true,
      httpBatch: 20,
      apiKey: 'k',
      json: true,
      quiet: true,
    });
    expect(options.drift).toEqual([expect.objectContaining({ kind: 'covariate', value: 2 })]);
  });

  it('turns --duration into rate × duration transactions', () => {
    expect(parseCliArgs(['--rate', '150', '--duration', '10'], now).transactions).toBe(1_500);
  });

  it('lists every bad flag at once', () => {
    expect(
      problems(['--rate', '0', '--target', 'kafka2', '--fraud-rate', 'lots', '--drift', 'covariate@x', '--start', 'yesterday']),
    ).toEqual([
      '--rate "0": expected a positive number of events per second',
      '--target "kafka2": expected one of kafka, http',
      expect.stringMatching(/^--drift: invalid drift "covariate@x": /),
      '--fraud-rate "lots": expected a share in [0, 0.5)',
      '--start "yesterday": expected an ISO 8601 time like 2026-01-01T00:00:00Z',
    ]);
  });

  it('refuses --events together with --duration, and fractional event counts', () => {
    expect(problems(['--events', '10', '--duration', '5'])).toEqual(['give --events or --duration, not both']);
    expect(problems(['--events', '1.5'])).toEqual(['--events "1.5": expected a positive whole number of transactions']);
  });

  it('refuses unknown flags and topic namespaces Kafka or the services would not accept', () => {
    expect(problems(['--speed', '3'])).toEqual([expect.stringContaining("'--speed'")]);
    expect(problems(['--topic-namespace', 'Demo.1'])).toEqual([expect.stringMatching(/^--topic-namespace "Demo\.1"/)]);
  });
});

describe(defaultRunId.name, () => {
  it('names the run after its UTC start time', () => {
    expect(defaultRunId(now)).toBe('wl-20260522-101530');
  });
});
