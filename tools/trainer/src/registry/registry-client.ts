/** Aliases a registered version can be given. */
export const PROMOTION_ALIASES = ['champion', 'challenger', 'shadow'] as const;
export type PromotionAlias = (typeof PROMOTION_ALIASES)[number];

/** The registry answered something other than what the trainer asked for; `body` is its answer, verbatim. */
export class RegistryRequestError extends Error {
  override readonly name = 'RegistryRequestError';
  constructor(
    readonly url: string,
    readonly status: number,
    readonly body: string,
    expected: string,
  ) {
    super(`POST ${url} answered ${status}, expected ${expected}:\n${body}`);
  }
}

/** Registers and promotes model versions over the registry's HTTP API. */
export class RegistryClient {
  private readonly base: string;

  /** `baseUrl`: e.g. http://127.0.0.1:3004 (a trailing slash is ignored). */
  constructor(baseUrl: string) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** POST /v1/models/<name>/versions; resolves with the registered card's version. */
  async register(name: string, card: unknown, artifact: Uint8Array): Promise<{ readonly version: string; readonly card: unknown }> {
    const url = `${this.base}/v1/models/${encodeURIComponent(name)}/versions`;
    const { status, body } = await post(url, { card, artifact_base64: Buffer.from(artifact).toString('base64') });
    const registered = status === 201 ? parseJson(body) : undefined;
    const version = (registered as { version?: unknown } | undefined)?.version;
    if (typeof version !== 'string' && typeof version !== 'number') {
      throw new RegistryRequestError(url, status, body, '201 with the registered card (a JSON object with "version")');
    }
    return { version: String(version), card: registered };
  }

  /** POST /v1/models/<name>/aliases; `traffic` (0–1) is the share of entities a challenger serves. */
  async promote(name: string, version: string, alias: PromotionAlias, traffic?: number): Promise<unknown> {
    const url = `${this.base}/v1/models/${encodeURIComponent(name)}/aliases`;
    const { status, body } = await post(url, { version, alias, ...(traffic === undefined ? {} : { traffic }) });
    if (status < 200 || status > 299) throw new RegistryRequestError(url, status, body, 'a 2xx answer');
    return parseJson(body) ?? body;
  }
}

async function post(url: string, payload: unknown): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { status: response.status, body: await response.text() };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    // Not JSON: the caller reports the raw body instead.
    return undefined;
  }
}
