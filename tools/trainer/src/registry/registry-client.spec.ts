import { RegistryClient, RegistryRequestError } from './registry-client';

/** Answers every request with the given status and body and remembers what was sent. */
function stubFetch(...answers: { status: number; body: string }[]) {
  const sent: { url: string; body: unknown }[] = [];
  const spy = jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    sent.push({ url, body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined });
    const answer = answers[sent.length - 1] ?? { status: 500, body: 'no answer' };
    return Promise.resolve(new Response(answer.body, { status: answer.status }));
  });
  return { sent, spy };
}

describe(RegistryClient.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('registers the card with the artifact in base64 and returns the version the registry gave', async () => {
    const { sent } = stubFetch({ status: 201, body: JSON.stringify({ name: 'card_fraud', version: '3' }) });

    const registered = await new RegistryClient('http://registry:3004/').register('card_fraud', { owner: 'x' }, Uint8Array.from([1, 2, 3]));

    expect(registered.version).toBe('3');
    expect(sent).toEqual([
      { url: 'http://registry:3004/v1/models/card_fraud/versions', body: { card: { owner: 'x' }, artifact_base64: 'AQID' } },
    ]);
  });

  it('refuses an answer other than 201 with a version, keeping the body', async () => {
    stubFetch({ status: 422, body: '{"error":"golden_examples[0] mismatch"}' });

    const attempt = new RegistryClient('http://registry').register('card_fraud', {}, new Uint8Array(0));

    await expect(attempt).rejects.toThrow(RegistryRequestError);
    await expect(attempt).rejects.toMatchObject({ status: 422, body: '{"error":"golden_examples[0] mismatch"}' });
  });

  it('promotes a version, with the traffic share only when given', async () => {
    const { sent } = stubFetch({ status: 200, body: '{}' }, { status: 200, body: '{}' });
    const client = new RegistryClient('http://registry');

    await client.promote('card_fraud', '3', 'challenger', 0.1);
    await client.promote('card_fraud', '3', 'champion');

    expect(sent).toEqual([
      { url: 'http://registry/v1/models/card_fraud/aliases', body: { version: '3', alias: 'challenger', traffic: 0.1 } },
      { url: 'http://registry/v1/models/card_fraud/aliases', body: { version: '3', alias: 'champion' } },
    ]);
  });

  it('refuses a non-2xx promotion', async () => {
    stubFetch({ status: 409, body: 'version 3 is already champion' });

    await expect(new RegistryClient('http://registry').promote('card_fraud', '3', 'champion')).rejects.toMatchObject({
      status: 409,
      body: 'version 3 is already champion',
    });
  });
});
