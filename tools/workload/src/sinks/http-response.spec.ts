import { HttpSinkError, retryAfterMs } from './http-response';

describe(retryAfterMs.name, () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('reads delay-seconds', () => {
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until it, never negative', () => {
    expect(retryAfterMs('Thu, 01 Jan 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('gives undefined for a missing or unreadable header', () => {
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('', now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

describe(HttpSinkError.name, () => {
  it('says what was posted, the status and the body', () => {
    const error = new HttpSinkError('http://x/v1/events/labels', 422, '{"error":"bad"}');
    expect(error.message).toBe('POST http://x/v1/events/labels answered 422: {"error":"bad"}');
    expect(new HttpSinkError('http://x', 0, '', { cause: new Error('ECONNREFUSED') }).message).toBe('POST http://x failed: no response');
  });
});
