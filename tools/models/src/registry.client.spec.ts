import { RegistryClient, RegistryRefusalError, RegistryUnreachableError } from './registry.client';

/** Answers every request with the next answer and remembers what was sent. */
function stubFetch(...answers: { status: number; body: string }[]) {
  const sent: { method: string | undefined; url: string; body: unknown }[] = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    sent.push({ method: init?.method, url, body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined });
    const answer = answers[sent.length - 1] ?? { status: 500, body: 'no answer' };
    return Promise.resolve(new Response(answer.body, { status: answer.status }));
  });
  return sent;
}

const state = {
  champion: '1',
  challenger: null,
  shadow: null,
  challengerTraffic: 0,
  previous: { champion: [], challenger: [], shadow: [] },
};
const ok = (body: unknown, status = 200) => ({ status, body: JSON.stringify(body) });

describe(RegistryClient.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('calls one route per command, with the JSON bodies the registry reads', async () => {
    const sent = stubFetch(
      ok({ models: [] }),
      ok({ name: 'card fraud', versions: ['1'], aliases: state }),
      ok({ name: 'm', version: '3' }),
      ok({ name: 'm', version: '4' }, 201),
      ok(state),
      ok(state),
      ok(state),
      ok(state),
    );
    const client = new RegistryClient('http://registry:3004//');

    expect(await client.list()).toEqual([]);
    await client.summary('card fraud');
    await client.card('m', '3');
    expect(await client.register('m', { owner: 'x' }, Uint8Array.from([1, 2, 3]))).toEqual({ name: 'm', version: '4' });
    await client.promote('m', { alias: 'challenger', version: '4', traffic: 0.1, reason: 'canary' });
    await client.promote('m', { alias: 'champion', version: '4' });
    expect(await client.demote('m', 'shadow')).toEqual(state);
    await client.rollBack('m', 'champion');

    expect(sent).toEqual([
      { method: 'GET', url: 'http://registry:3004/v1/models', body: undefined },
      { method: 'GET', url: 'http://registry:3004/v1/models/card%20fraud', body: undefined },
      { method: 'GET', url: 'http://registry:3004/v1/models/m/versions/3', body: undefined },
      { method: 'POST', url: 'http://registry:3004/v1/models/m/versions', body: { card: { owner: 'x' }, artifact_base64: 'AQID' } },
      {
        method: 'POST',
        url: 'http://registry:3004/v1/models/m/aliases',
        body: { alias: 'challenger', version: '4', traffic: 0.1, reason: 'canary' },
      },
      { method: 'POST', url: 'http://registry:3004/v1/models/m/aliases', body: { alias: 'champion', version: '4' } },
      { method: 'DELETE', url: 'http://registry:3004/v1/models/m/aliases/shadow', body: undefined },
      { method: 'POST', url: 'http://registry:3004/v1/models/m/rollback', body: { alias: 'champion' } },
    ]);
  });

  it('refuses a non-2xx answer, keeping the status and the body verbatim', async () => {
    stubFetch({ status: 409, body: '{"error":"conflict","message":"model m: no shadow to remove"}' });

    const attempt = new RegistryClient('http://registry').demote('m', 'shadow');

    await expect(attempt).rejects.toThrow(RegistryRefusalError);
    await expect(attempt).rejects.toMatchObject({
      method: 'DELETE',
      url: 'http://registry/v1/models/m/aliases/shadow',
      status: 409,
      body: '{"error":"conflict","message":"model m: no shadow to remove"}',
    });
  });

  it('tells an unreachable registry apart from a refusal', async () => {
    const cause = new TypeError('fetch failed');
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(cause);

    const attempt = new RegistryClient('http://127.0.0.1:1/').list();

    await expect(attempt).rejects.toThrow(RegistryUnreachableError);
    await expect(attempt).rejects.toMatchObject({
      url: 'http://127.0.0.1:1',
      message: 'cannot reach the model registry at http://127.0.0.1:1',
      cause,
    });
  });

  it('refuses a 2xx answer that is not JSON', async () => {
    stubFetch({ status: 200, body: '<html>' });

    await expect(new RegistryClient('http://registry').list()).rejects.toThrow(
      'GET http://registry/v1/models answered 200 with a body that is not JSON: <html>',
    );
  });
});
