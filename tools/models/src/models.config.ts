import { loadConfig, type Env } from '@mlops/config';
import { z } from 'zod';

const schema = z
  .object({
    /** Base URL of the registry API (served by stream-inference). @default http://127.0.0.1:3004 */
    MODEL_REGISTRY_URL: z
      .string()
      .regex(/^https?:\/\/\S+$/, 'expected an http(s) URL')
      .default('http://127.0.0.1:3004'),
  })
  .transform((env) => ({ registryUrl: env.MODEL_REGISTRY_URL.replace(/\/+$/, '') }));

export interface ModelsConfig {
  /** Without a trailing slash. */
  readonly registryUrl: string;
}

/** MODEL_REGISTRY_URL (default http://127.0.0.1:3004); `--registry` overrides it. */
export const loadModelsConfig = (env: Env = process.env): Readonly<ModelsConfig> => loadConfig('models', schema, env);
