import { z } from 'zod';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const schema = z.object({
  NAME: z.string(),
  COUNT: z.coerce.number().int().positive(),
  MODE: z.enum(['fast', 'safe']).default('safe'),
  URL: z.string().regex(/^https?:\/\/\S+$/, 'expected an http(s) URL'),
  TAGS: z.string().optional(),
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe(loadConfig.name, () => {
  it('returns the parsed values, coerced to their types, when the environment is valid', () => {
    const config = loadConfig('svc', schema, { NAME: 'a', COUNT: '3', MODE: 'fast', URL: 'http://x:1' });

    expect(config).toEqual({ NAME: 'a', COUNT: 3, MODE: 'fast', URL: 'http://x:1' });
  });

  it('applies defaults when a variable is absent', () => {
    const config = loadConfig('svc', schema, { NAME: 'a', COUNT: '1', URL: 'http://x' });

    expect(config.MODE).toBe('safe');
  });

  it('treats an empty string as unset, so the default applies', () => {
    const config = loadConfig('svc', schema, { NAME: 'a', COUNT: '1', URL: 'http://x', MODE: '', TAGS: '' });

    expect(config.MODE).toBe('safe');
    expect(config).not.toHaveProperty('TAGS');
  });

  it('reports an empty required variable as required, not as a bad value', () => {
    const error = configError(() => loadConfig('svc', schema, { NAME: '', COUNT: '1', URL: 'http://x' }));

    expect(error.problems).toEqual(['NAME: is required']);
  });

  it('ignores variables the schema does not declare', () => {
    const config = loadConfig('svc', schema, { NAME: 'a', COUNT: '1', URL: 'http://x', PATH: '/usr/bin' });

    expect(config).not.toHaveProperty('PATH');
  });

  it('returns a frozen object', () => {
    const config = loadConfig('svc', schema, { NAME: 'a', COUNT: '1', URL: 'http://x' });

    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { NAME: string }).NAME = 'b';
    }).toThrow(TypeError);
  });

  it('reports every bad variable at once in one ConfigError: missing, wrong type and bad format', () => {
    const error = configError(() => loadConfig('ingest', schema, { COUNT: 'many', MODE: 'turbo', URL: 'ftp://x' }));

    expect(error.service).toBe('ingest');
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(4);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'NAME: is required',
        expect.stringMatching(/^COUNT: .*number/),
        expect.stringMatching(/^MODE: .*"fast"\|"safe"/),
        'URL: expected an http(s) URL',
      ]),
    );
  });

  it('lists each problem on its own line of the message, under the service name', () => {
    const error = configError(() => loadConfig('ingest', schema, {}));

    const lines = error.message.split('\n');
    expect(lines[0]).toBe('invalid configuration for ingest:');
    expect(lines.slice(1)).toEqual(error.problems.map((problem) => `  - ${problem}`));
    expect(error.problems).toEqual(['NAME: is required', 'COUNT: is required', 'URL: is required']);
  });

  it('reports a value that breaks a refinement with the refinement message', () => {
    const error = configError(() => loadConfig('svc', schema, { NAME: 'a', COUNT: '-2', URL: 'http://x' }));

    expect(error.problems).toEqual([expect.stringMatching(/^COUNT: .*>0/)]);
  });

  it('names the environment itself when the schema rejects it as a whole', () => {
    const error = configError(() =>
      loadConfig(
        'svc',
        z.object({ A: z.string() }).refine(() => false, 'inconsistent'),
        { A: 'x' },
      ),
    );

    expect(error.problems).toEqual(['(environment): inconsistent']);
  });
});
