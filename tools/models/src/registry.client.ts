import type { AliasState, ModelCard, ModelSummary } from '@mlops/model-registry';
import type { Alias, DemotableAlias } from './cli-options';

/** Longest wait for one answer; a 64 MiB registration fits well within it on a local network. (ms) */
export const REQUEST_TIMEOUT_MS = 60_000;

/** The registry answered with a status other than 2xx; `body` is its answer, verbatim. */
export class RegistryRefusalError extends Error {
  override readonly name = 'RegistryRefusalError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${url} answered ${status}`);
  }
}

/** No answer from the registry: nothing listens at the URL, the name does not resolve, or it timed out. */
export class RegistryUnreachableError extends Error {
  override readonly name = 'RegistryUnreachableError';
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`cannot reach the model registry at ${url}`, { cause });
  }
}

export interface Promotion {
  readonly alias: Alias;
  readonly version: string;
  readonly traffic?: number | undefined;
  readonly reason?: string | undefined;
}

/** The registry API of stream-inference (`/v1/models`), one method per route. */
export class RegistryClient {
  readonly baseUrl: string;

  /** `baseUrl`: e.g. http://127.0.0.1:3004 (trailing slashes are ignored); `timeoutMs`: see {@link REQUEST_TIMEOUT_MS}. */
  constructor(
    baseUrl: string,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async list(): Promise<ModelSummary[]> {
    return (await this.call<{ models: ModelSummary[] }>('GET', '/v1/models')).models;
  }

  summary(model: string): Promise<ModelSummary> {
    return this.call('GET', `/v1/models/${encodeURIComponent(model)}`);
  }

  card(model: string, version: string): Promise<ModelCard> {
    return this.call('GET', `/v1/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(version)}`);
  }

  /** Resolves with the registered card: the registry adds the version, the artifact URI and its sha256. */
  register(model: string, card: unknown, artifact: Uint8Array): Promise<ModelCard> {
    return this.call('POST', `/v1/models/${encodeURIComponent(model)}/versions`, {
      card,
      artifact_base64: Buffer.from(artifact).toString('base64'),
    });
  }

  /** Resolves with the model's alias state after the change, as for every alias change. */
  promote(model: string, promotion: Promotion): Promise<AliasState> {
    const { alias, version, traffic, reason } = promotion;
    return this.call('POST', `/v1/models/${encodeURIComponent(model)}/aliases`, {
      alias,
      version,
      ...(traffic === undefined ? {} : { traffic }),
      ...(reason === undefined ? {} : { reason }),
    });
  }

  demote(model: string, alias: DemotableAlias): Promise<AliasState> {
    return this.call('DELETE', `/v1/models/${encodeURIComponent(model)}/aliases/${alias}`);
  }

  rollBack(model: string, alias: Alias, reason?: string): Promise<AliasState> {
    return this.call('POST', `/v1/models/${encodeURIComponent(model)}/rollback`, { alias, ...(reason === undefined ? {} : { reason }) });
  }

  private async call<T>(method: string, path: string, payload?: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, {
        method,
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(payload === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
      });
      body = await response.text();
    } catch (error) {
      throw new RegistryUnreachableError(this.baseUrl, error);
    }
    if (response.status < 200 || response.status > 299) throw new RegistryRefusalError(method, url, response.status, body);
    try {
      return JSON.parse(body) as T;
    } catch (error) {
      throw new Error(`${method} ${url} answered ${response.status} with a body that is not JSON: ${body.slice(0, 200)}`, { cause: error });
    }
  }
}
