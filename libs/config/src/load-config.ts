import type { z } from 'zod';
import { ConfigError } from './config-error';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses the environment once, at boot. Every problem is reported in one error so an
 * operator fixes a bad deployment in one pass instead of one variable per restart.
 */
export function loadConfig<S extends z.ZodType>(service: string, schema: S, env: Env): Readonly<z.output<S>> {
  // Empty strings are how compose files and shells say "unset"; treat them so.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = issue.path.length > 0 ? issue.path.join('.') : '(environment)';
      const received = issue.code === 'invalid_type' && !(variable in cleaned) ? 'is required' : issue.message;
      return `${variable}: ${received}`;
    });
    throw new ConfigError(service, problems);
  }
  return Object.freeze(result.data);
}
