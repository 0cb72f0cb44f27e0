import type { Label, Transaction } from '@mlops/contracts';
import type { SinkEvent } from './event-sink';
import { HttpSink, type HttpSinkOptions } from './http-sink';
import { HttpSinkError } from './http-response';

const tx = (n: number): SinkEvent => ({
  kind: 'transaction',
  value: {
    event_id: `run-tx-${n}`,
    event_time: 1_767_225_600_000 + n,
    user_id: `user-${n % 5}`,
    card_id: 'card-1',
    merchant_id: 'm-1',
    merchant_category: 'grocery',
    amount: 12.5,
    currency: 'EUR',
    country: 'DE',
    channel: 'pos',
    card_present: true,
    device_id: null,
  } satisfies Transaction,
});

const label = (n: number): SinkEvent => ({
  kind: 'label',
  value: {
    event_id: `run-tx-${n}`,
    user_id: `user-${n % 5}`,
    label_time: 1_767_225_700_000 + n,
    is_fraud: true,
    source: 'chargeback',
  } satisfies Label,
});

interface Call {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly ids: string[];
}

type Answer = (call: Call, n: number) => Response | Promise<Response>;

const ok = (): Response => Response.json({ accepted: 1, duplicates: 0, ids: [] });

/** A fetch that records each request and answers with `answer`; no socket is opened. */
function fakeFetch(answer: Answer = ok): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : 'null') as { event_id: string }[];
    const call = { url, headers: { ...(init?.headers as Record<string, string>) }, ids: body.map((e) => e.event_id) };
    calls.push(call);
    return answer(call, calls.length);
  };
  return { fetch, calls };
}

function sink(fetch: typeof globalThis.fetch, options: Partial<HttpSinkOptions> = {}): { sink: HttpSink; sleeps: number[] } {
  const sleeps: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    sleeps.push(ms);
    return Promise.resolve();
  };
  return { sink: new HttpSink({ url: 'http://ingest.test:3001/', fetch, sleep, lingerMs: 10_000, ...options }), sleeps };
}

describe(HttpSink.name, () => {
  it('posts JSON arrays of up to the batch size to the endpoint of each event type', async () => {
    const { fetch, calls } = fakeFetch();
    const { sink: http } = sink(fetch, { batchSize: 100 });
    await http.write(Array.from({ length: 250 }, (_, i) => tx(i)));
    await http.write([label(3)]);
    await http.flush();
    expect(calls.map((c) => [c.url, c.ids.length])).toEqual([
      ['http://ingest.test:3001/v1/events/transactions', 100],
      ['http://ingest.test:3001/v1/events/transactions', 100],
      ['http://ingest.test:3001/v1/events/transactions', 50],
      ['http://ingest.test:3001/v1/events/labels', 1],
    ]);
    expect(calls.flatMap((c) => (c.url.endsWith('transactions') ? c.ids : []))).toEqual(
      Array.from({ length: 250 }, (_, i) => `run-tx-${i}`),
    );
    expect(calls[0]?.headers).toEqual({ 'content-type': 'application/json' });
    expect(http.stats).toEqual({ delivered: 251, retries: 0, duplicates: 0 });
  });

  it('sends the API key as a bearer token', async () => {
    const { fetch, calls } = fakeFetch();
    const { sink: http } = sink(fetch, { apiKey: 's3cret' });
    await http.write([tx(1)]);
    await http.flush();
    expect(calls[0]?.headers['authorization']).toBe('Bearer s3cret');
  });

  it('waits as long as Retry-After says on 429 and retries the same batch', async () => {
    const { fetch, calls } = fakeFetch((_, n) =>
      n === 1 ? new Response('{"error":"overloaded"}', { status: 429, headers: { 'retry-after': '2' } }) : ok(),
    );
    const { sink: http, sleeps } = sink(fetch);
    await http.write([tx(1), tx(2)]);
    await http.flush();
    expect(sleeps).toEqual([2_000]);
    expect(calls.map((c) => c.ids)).toEqual([
      ['run-tx-1', 'run-tx-2'],
      ['run-tx-1', 'run-tx-2'],
    ]);
    expect(http.stats).toMatchObject({ delivered: 2, retries: 1 });
  });

  it('keeps retrying 429 beyond maxAttempts: the server asks to slow down, not to give up', async () => {
    const { fetch, calls } = fakeFetch((_, n) => (n <= 5 ? new Response('', { status: 429 }) : ok()));
    const { sink: http, sleeps } = sink(fetch, { maxAttempts: 2 });
    await http.write([tx(1)]);
    await http.flush();
    expect(calls).toHaveLength(6);
    expect(sleeps).toHaveLength(5); // backoff, as no Retry-After came
  });

  it('fails loudly on a 400 with the response body, and refuses further writes', async () => {
    const body = '{"error":"invalid_events","message":"amount: expected a number"}';
    const { fetch } = fakeFetch(() => new Response(body, { status: 400 }));
    const { sink: http } = sink(fetch);
    await http.write([tx(1)]);
    const failure = http.flush();
    await expect(failure).rejects.toThrow(HttpSinkError);
    await expect(failure).rejects.toMatchObject({ status: 400, body });
    await expect(failure).rejects.toThrow(/answered 400: .*amount: expected a number/);
    await expect(http.write([tx(2)])).rejects.toThrow(HttpSinkError);
  });

  it('retries 5xx and network errors with backoff, then gives up after maxAttempts', async () => {
    const { fetch, calls } = fakeFetch((_, n) => {
      if (n === 1) throw new TypeError('fetch failed');
      return new Response('upstream down', { status: 503 });
    });
    const { sink: http, sleeps } = sink(fetch, { maxAttempts: 3 });
    await http.write([tx(1)]);
    await expect(http.flush()).rejects.toMatchObject({ status: 503, body: 'upstream down' });
    expect(calls).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('keeps at most maxInFlight requests open and makes writers wait beyond that', async () => {
    const release: (() => void)[] = [];
    let open = 0;
    let mostOpen = 0;
    const { fetch } = fakeFetch(async () => {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      await new Promise<void>((resolve) => release.push(resolve));
      open -= 1;
      return ok();
    });
    const { sink: http } = sink(fetch, { batchSize: 10, maxInFlight: 2 });
    let written = false;
    const writing = http.write(Array.from({ length: 100 }, (_, i) => tx(i))).then(() => (written = true));
    for (let i = 0; i < 20 && !written; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      release.splice(0).forEach((r) => r());
    }
    await writing;
    const flushed = http.flush();
    for (let i = 0; i < 20; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      release.splice(0).forEach((r) => r());
    }
    await flushed;
    expect(mostOpen).toBe(2);
    expect(http.stats.delivered).toBe(100);
  });

  it('sends a label only after the request carrying its transaction is answered', async () => {
    const log: string[] = [];
    let answerTransactions: () => void = () => undefined;
    const { fetch } = fakeFetch(async (call) => {
      log.push(`start ${call.url.split('/').pop()}`);
      if (call.url.endsWith('transactions')) await new Promise<void>((resolve) => (answerTransactions = resolve));
      log.push(`end ${call.url.split('/').pop()}`);
      return ok();
    });
    const { sink: http } = sink(fetch, { batchSize: 1 });
    await http.write([tx(1), label(1)]);
    const flushed = http.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start transactions']);
    answerTransactions();
    await flushed;
    expect(log).toEqual(['start transactions', 'end transactions', 'start labels', 'end labels']);
  });

  it('sends a partial batch after the linger time without a flush', async () => {
    const { fetch, calls } = fakeFetch();
    const { sink: http } = sink(fetch, { lingerMs: 5 });
    await http.write([tx(1)]);
    expect(calls).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toHaveLength(1);
    await http.close();
  });

  it('counts the duplicates ingest reports', async () => {
    const { fetch } = fakeFetch(() => Response.json({ accepted: 0, duplicates: 2, ids: ['a', 'b'] }));
    const { sink: http } = sink(fetch);
    await http.write([tx(1), tx(2)]);
    await http.flush();
    expect(http.stats).toEqual({ delivered: 2, retries: 0, duplicates: 2 });
  });
});
