import { parseCliArgs, UsageError, type CliOptions } from './cli-options';

function problems(argv: string[]): readonly string[] {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

const common = { registry: undefined, json: false };

describe(parseCliArgs.name, () => {
  it('answers help without a command, for "help", and for --help whatever else is given', () => {
    const help: CliOptions = { command: 'help' };

    expect(parseCliArgs([])).toEqual(help);
    expect(parseCliArgs(['help'])).toEqual(help);
    expect(parseCliArgs(['promote', '--help', '--traffic=7'])).toEqual(help);
    expect(parseCliArgs(['-h'])).toEqual(help);
  });

  it('reads list and show, with the registry URL (trailing slash dropped) and --json', () => {
    expect(parseCliArgs(['list'])).toEqual({ ...common, command: 'list' });
    expect(parseCliArgs(['list', '--registry', 'http://registry:3004/', '--json'])).toEqual({
      command: 'list',
      registry: 'http://registry:3004',
      json: true,
    });
    expect(parseCliArgs(['show', 'card_fraud'])).toEqual({ ...common, command: 'show', model: 'card_fraud', version: undefined });
    expect(parseCliArgs(['show', 'card_fraud', '3'])).toEqual({ ...common, command: 'show', model: 'card_fraud', version: '3' });
  });

  it('reads register with its two files', () => {
    expect(parseCliArgs(['register', 'card_fraud', '--artifact', 'model.onnx', '--card=card.json'])).toEqual({
      ...common,
      command: 'register',
      model: 'card_fraud',
      artifact: 'model.onnx',
      card: 'card.json',
    });
  });

  it('reads promote with the alias, the traffic share and the reason', () => {
    expect(parseCliArgs(['promote', 'card_fraud', '4', '--alias', 'challenger', '--traffic', '0.1', '--reason', 'canary'])).toEqual({
      ...common,
      command: 'promote',
      model: 'card_fraud',
      version: '4',
      alias: 'challenger',
      traffic: 0.1,
      reason: 'canary',
    });
    expect(parseCliArgs(['promote', 'card_fraud', '4', '--alias=champion'])).toMatchObject({ alias: 'champion', traffic: undefined });
  });

  it('reads demote and rollback, rolling back the champion by default', () => {
    expect(parseCliArgs(['demote', 'card_fraud', '--alias', 'shadow'])).toEqual({
      ...common,
      command: 'demote',
      model: 'card_fraud',
      alias: 'shadow',
    });
    expect(parseCliArgs(['rollback', 'card_fraud'])).toEqual({
      ...common,
      command: 'rollback',
      model: 'card_fraud',
      alias: 'champion',
      reason: undefined,
    });
    expect(parseCliArgs(['rollback', 'card_fraud', '--alias', 'challenger', '--reason', 'alerts'])).toMatchObject({
      alias: 'challenger',
      reason: 'alerts',
    });
  });

  it('refuses an unknown command and an unknown flag', () => {
    expect(problems(['deploy', 'card_fraud'])).toEqual([
      'unknown command "deploy": expected list, show, register, promote, demote, rollback',
    ]);
    expect(problems(['list', '--force'])[0]).toMatch(/^Unknown option '--force'/);
  });

  it('refuses missing and extra arguments, naming the synopsis', () => {
    expect(problems(['show'])).toEqual(['missing <model>: expected show <model> [<version>]']);
    expect(problems(['promote', 'card_fraud', '--alias', 'champion'])).toEqual(['missing <version>: expected promote <model> <version>']);
    expect(problems(['list', 'card_fraud'])).toEqual(['unexpected arguments card_fraud: expected list']);
    expect(problems(['show', 'card_fraud', '1', '2'])).toEqual(['unexpected arguments 2: expected show <model> [<version>]']);
  });

  it('refuses flags another command uses', () => {
    expect(problems(['list', '--alias', 'champion', '--artifact', 'm.onnx'])).toEqual(['--alias, --artifact not used by list']);
    expect(problems(['demote', 'card_fraud', '--alias', 'shadow', '--reason', 'x'])).toEqual(['--reason not used by demote']);
  });

  it('lists every bad argument of promote at once', () => {
    expect(
      problems(['promote', 'card_fraud', 'v4', '--alias', 'king', '--traffic', '1.5', '--reason', ' ', '--registry', 'registry:3004']),
    ).toEqual([
      '--registry "registry:3004": expected an http(s) URL',
      'version "v4": expected a version number, e.g. 3',
      '--alias "king": expected one of champion, challenger, shadow',
      '--traffic "1.5": expected a share between 0 and 1, e.g. 0.1',
      '--reason: expected some text',
    ]);
  });

  it('needs an alias to promote or demote, and a traffic share only for the challenger', () => {
    expect(problems(['promote', 'card_fraud', '4'])).toEqual(['--alias is required: one of champion, challenger, shadow']);
    expect(problems(['demote', 'card_fraud'])).toEqual(['--alias is required: one of challenger, shadow']);
    expect(problems(['promote', 'card_fraud', '4', '--alias', 'shadow', '--traffic', '0.2'])).toEqual([
      '--traffic applies to --alias challenger only, not to shadow',
    ]);
    expect(problems(['promote', 'card_fraud', '4', '--alias', 'challenger', '--traffic', 'half'])).toEqual([
      '--traffic "half": expected a share between 0 and 1, e.g. 0.1',
    ]);
  });

  it('refuses to demote the champion', () => {
    expect(problems(['demote', 'card_fraud', '--alias', 'champion'])).toEqual([
      '--alias champion: the champion cannot be demoted; promote another version or roll back',
    ]);
  });

  it('needs both files to register', () => {
    expect(problems(['register', 'card_fraud', '--card', 'card.json'])).toEqual(['--artifact FILE is required']);
    expect(problems(['register', 'card_fraud'])).toEqual(['--artifact FILE is required', '--card FILE is required']);
  });
});
