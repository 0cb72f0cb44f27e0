import { type Transaction } from '@mlops/contracts';
import {
  KafkaTestKit,
  ServiceProcess,
  createDatabase,
  createTopicNamespace,
  queryRows,
  serviceEnv,
  uniqueIdentifier,
  uniqueName,
  waitFor,
} from '@mlops/testing';
import { payment, post } from './transaction.fixture';

const KEY = { authorization: 'Bearer spec-key-1' };

describe('ingest HTTP API against real Kafka, registry, Redis and ClickHouse', () => {
  const namespace = uniqueName('spec');
  const run = uniqueName('run');
  const database = uniqueIdentifier('spec_ingest');
  const accepted = new Set<string>();
  let kit: KafkaTestKit;
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let ingest: ServiceProcess;
  let url: string;

  const send = async (body: unknown, headers: Record<string, string> = KEY, type = 'transactions') => {
    const result = await post(`${url}/v1/events/${type}`, typeof body === 'string' ? body : JSON.stringify(body), headers);
    if (result.status === 200) for (const id of result.body['ids'] as string[]) accepted.add(id);
    return result;
  };

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    await createTopicNamespace(kit, namespace);
    db = await createDatabase(database);
    ingest = ServiceProcess.start(
      'ingest',
      13_201,
      serviceEnv({
        TOPIC_NAMESPACE: namespace,
        CLICKHOUSE_DATABASE: database,
        INGEST_API_KEYS: 'spec-key-1,spec-key-2',
        INGEST_MAX_BODY_BYTES: '65536',
        INGEST_MAX_EVENTS: '200',
      }),
    );
    await ingest.waitReady();
    url = ingest.url;
  });

  afterAll(async () => {
    await ingest.stop();
    await kit.close();
    await db.drop();
  });

  it('accepts one event, answers after Kafka acknowledged, and produces it keyed by user', async () => {
    const event = payment(run, 1);
    const result = await send(event);
    expect(result).toMatchObject({ status: 200, body: { accepted: 1, duplicates: 0, ids: [event.event_id], duplicate_ids: [] } });

    const [message] = await kit.readRaw(`${namespace}.events.transactions`, 1);
    expect(message?.key?.toString()).toBe(event.user_id);
    expect(await kit.serde.decode<Transaction>(`${namespace}.events.transactions`, message!.value!)).toEqual(event);
  });

  it('accepts a JSON array and NDJSON, returning the ids in request order', async () => {
    const array = [2, 3, 4].map((n) => payment(run, n));
    expect((await send(array)).body).toMatchObject({ accepted: 3, ids: array.map((e) => e.event_id) });

    const lines = [5, 6, 7].map((n) => payment(run, n));
    const ndjson = await send(lines.map((e) => JSON.stringify(e)).join('\n'), { ...KEY, 'content-type': 'application/x-ndjson' });
    expect(ndjson.body).toMatchObject({ accepted: 3, ids: lines.map((e) => e.event_id) });
  });

  it('takes an ISO-8601 event time and generates an event id when none is given', async () => {
    const { event_id: _omitted, ...withoutId } = payment(run, 8);
    const result = await send({ ...withoutId, event_time: '2026-03-01T12:00:00.250Z' });
    expect(result.status).toBe(200);
    expect(result.body['ids']).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
  });

  it('refuses a batch with invalid events, naming each item, field and reason, and accepts none of it', async () => {
    const good = payment(run, 9);
    const result = await send([
      good,
      { ...payment(run, 10), amount: 'twelve', channel: 'web' },
      { ...payment(run, 11), user_id: undefined, coupon: 'X' },
    ]);
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      error: 'invalid_events',
      message: '2 of 3 events invalid (4 problems); nothing was accepted',
      invalid: [
        {
          item: 1,
          errors: [
            { path: 'amount', reason: 'expected a number, got string "twelve"' },
            { path: 'channel', reason: 'expected one of "pos", "online", "atm", got string "web"' },
          ],
        },
        {
          item: 2,
          errors: [
            { path: 'coupon', reason: 'unknown field' },
            { path: 'user_id', reason: 'required field missing (a string)' },
          ],
        },
      ],
    });
    // The valid event of the refused batch was neither produced nor remembered as seen.
    expect((await send(good)).body).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it.each([
    ['malformed JSON', '{"event_id": ', {}, 400, 'malformed_body', /^body is not valid JSON/],
    ['malformed NDJSON', '{"a":1}\n{oops', { 'content-type': 'application/x-ndjson' }, 400, 'malformed_body', /^line 2 is not valid JSON/],
    ['an unsupported content type', '{}', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type', /send application\/json/],
  ])('answers %s with a clear error', async (_, body, headers, status, error, message) => {
    const result = await send(body, { ...KEY, ...headers });
    expect(result.status).toBe(status);
    expect(result.body['error']).toBe(error);
    expect(result.body['message']).toMatch(message);
  });

  it('answers 404 for an unknown event type, naming the known ones', async () => {
    const result = await send(payment(run, 12), KEY, 'refunds');
    expect(result).toMatchObject({
      status: 404,
      body: { error: 'unknown_event_type', message: 'unknown event type "refunds"; known: transactions, labels' },
    });
  });

  it('answers 413 for a body over the limit and for too many events', async () => {
    const big = await send('x'.repeat(70_000));
    expect(big).toMatchObject({ status: 413, body: { error: 'payload_too_large', message: 'request body of 70000 bytes; at most 65536' } });
    const many = await send(Array.from({ length: 201 }, (_, i) => ({ event_id: `${run}-many-${i}` })));
    expect(many).toMatchObject({ status: 413, body: { error: 'too_many_events', message: '201 events in one request; at most 200' } });
  });

  it('acknowledges an event id seen before without producing it again, also within one request', async () => {
    const first = payment(run, 13);
    expect((await send(first)).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await send(first)).body).toEqual({ accepted: 0, duplicates: 1, ids: [], duplicate_ids: [first.event_id] });
    const twice = payment(run, 14);
    expect((await send([twice, twice])).body).toEqual({
      accepted: 1,
      duplicates: 1,
      ids: [twice.event_id],
      duplicate_ids: [twice.event_id],
    });
  });

  it('requires an API key when keys are configured', async () => {
    const event = payment(run, 15);
    expect(await send(event, {})).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(await send(event, { authorization: 'Bearer wrong' })).toMatchObject({ status: 401 });
    expect(await send(event, { 'x-api-key': 'spec-key-2' })).toMatchObject({ status: 200, body: { accepted: 1 } });
  });

  it('accepts labels on their own endpoint', async () => {
    const label = { event_id: `${run}-tx-1`, user_id: 'user-1', label_time: '2026-01-20T00:00:00Z', is_fraud: true, source: 'chargeback' };
    expect(await send(label, KEY, 'labels')).toMatchObject({ status: 200, body: { accepted: 1 } });
    await waitFor('the label in ClickHouse', async () => {
      const rows = await queryRows<{ is_fraud: number; source: string }>(
        db.client,
        `SELECT is_fraud, source FROM labels FINAL WHERE event_id = '${run}-tx-1'`,
      );
      return rows.length === 1 ? rows : undefined;
    });
  });

  it('archives events produced straight to Kafka with the registered schema', async () => {
    const direct = [100, 101].map((n) => payment(run, n));
    await kit.produce(`${namespace}.events.transactions`, direct, (event) => (event as Transaction).user_id);
    for (const event of direct) accepted.add(event.event_id);
    await waitFor('the direct events in ClickHouse', async () => {
      const rows = await queryRows<{ n: string }>(
        db.client,
        `SELECT count() AS n FROM transactions FINAL WHERE event_id IN ('${direct.map((e) => e.event_id).join("','")}')`,
      );
      return rows[0]?.n === '2';
    });
  });

  it('archives every accepted event exactly once in ClickHouse, in both the generic and the typed table', async () => {
    const batches = Array.from({ length: 10 }, (_, b) => Array.from({ length: 100 }, (_, i) => payment(run, 1_000 + b * 100 + i)));
    for (const batch of batches) expect((await send(batch)).body).toMatchObject({ accepted: 100 });
    const expected = [...accepted].sort();
    const archived = async (table: string) =>
      (
        await queryRows<{ event_id: string }>(
          db.client,
          `SELECT event_id FROM ${table} FINAL WHERE event_type = 'transactions' ORDER BY event_id`,
        )
      ).map((r) => r.event_id);
    await waitFor('every accepted event in ClickHouse', async () => (await archived('events')).length >= expected.length, {
      timeoutMs: 60_000,
    });
    expect(await archived('events')).toEqual(expected);
    const typed = await queryRows<{ event_id: string }>(db.client, 'SELECT event_id FROM transactions FINAL ORDER BY event_id');
    expect(typed.map((r) => r.event_id)).toEqual(expected);
  });
});
