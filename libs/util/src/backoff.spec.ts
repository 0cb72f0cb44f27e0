import { backoffDelay, retryWithBackoff, sleep } from './backoff';

const noJitter = { jitter: 0 };

describe(backoffDelay.name, () => {
  it('starts at initialMs on the first retry', () => {
    expect(backoffDelay(1, { initialMs: 50, jitter: 0 })).toBe(50);
  });

  it('grows by factor on each attempt', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, { initialMs: 10, factor: 3, maxMs: 100_000, jitter: 0 }));

    expect(delays).toEqual([10, 30, 90, 270, 810]);
  });

  it('uses 100 ms, doubling, as the default', () => {
    expect([1, 2, 3].map((attempt) => backoffDelay(attempt, noJitter))).toEqual([100, 200, 400]);
  });

  it('caps the delay at maxMs', () => {
    expect(backoffDelay(10, { initialMs: 100, maxMs: 1_000, jitter: 0 })).toBe(1_000);
    expect(backoffDelay(2_000, { initialMs: 100, maxMs: 1_000, jitter: 0 })).toBe(1_000);
  });

  it('caps at 10 s by default', () => {
    expect(backoffDelay(30, noJitter)).toBe(10_000);
  });

  it('treats attempts below 1 as the first', () => {
    expect(backoffDelay(0, { initialMs: 40, jitter: 0 })).toBe(40);
    expect(backoffDelay(-3, { initialMs: 40, jitter: 0 })).toBe(40);
  });

  it('spreads the delay by ±jitter around the base, drawn from random', () => {
    const options = { initialMs: 1_000, jitter: 0.2 };

    expect(backoffDelay(1, options, () => 0)).toBe(800);
    expect(backoffDelay(1, options, () => 0.5)).toBe(1_000);
    expect(backoffDelay(1, options, () => 0.999_999)).toBe(1_200);
  });

  it('keeps jittered delays within the bounds for any random draw', () => {
    const draws = Array.from({ length: 101 }, (_, i) => i / 101);
    const delays = draws.map((draw) => backoffDelay(3, { initialMs: 100, jitter: 0.25 }, () => draw));

    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(300);
      expect(delay).toBeLessThanOrEqual(500);
    }
    expect(new Set(delays).size).toBeGreaterThan(50);
  });

  it('never returns a negative delay, even with jitter above 1', () => {
    expect(backoffDelay(1, { initialMs: 100, jitter: 3 }, () => 0)).toBe(0);
  });

  it('returns whole milliseconds', () => {
    expect(Number.isInteger(backoffDelay(1, { initialMs: 33, jitter: 0.2 }, () => 0.123))).toBe(true);
  });
});

describe(retryWithBackoff.name, () => {
  const fast = { initialMs: 1, maxMs: 2, jitter: 0 };

  function failingTimes(failures: number, result = 'done') {
    const calls: number[] = [];
    const work = jest.fn((attempt: number) => {
      calls.push(attempt);
      return calls.length <= failures ? Promise.reject(new Error(`failure ${calls.length}`)) : Promise.resolve(result);
    });
    return { work, calls };
  }

  it('returns the result at once when the first attempt succeeds', async () => {
    const { work } = failingTimes(0);

    await expect(retryWithBackoff(work, fast)).resolves.toBe('done');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('succeeds after N failures, passing the attempt number to work', async () => {
    const { work, calls } = failingTimes(3, 'ok');

    await expect(retryWithBackoff(work, fast)).resolves.toBe('ok');
    expect(calls).toEqual([1, 2, 3, 4]);
  });

  it('rethrows the last error after maxAttempts', async () => {
    const { work } = failingTimes(10);

    await expect(retryWithBackoff(work, { ...fast, maxAttempts: 3 })).rejects.toThrow('failure 3');
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('makes a single attempt when maxAttempts is 1', async () => {
    const { work } = failingTimes(1);

    await expect(retryWithBackoff(work, { ...fast, maxAttempts: 1 })).rejects.toThrow('failure 1');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('rethrows at once when retryable says the error cannot be helped by retrying', async () => {
    const permanent = new Error('bad request');
    const work = jest.fn(() => Promise.reject(permanent));
    const retryable = jest.fn(() => false);
    const onRetry = jest.fn(() => true);

    await expect(retryWithBackoff(work, { ...fast, retryable, onRetry })).rejects.toBe(permanent);
    expect(work).toHaveBeenCalledTimes(1);
    expect(retryable).toHaveBeenCalledWith(permanent);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('retries errors that retryable accepts', async () => {
    const { work } = failingTimes(2);

    await expect(retryWithBackoff(work, { ...fast, retryable: () => true })).resolves.toBe('done');
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('calls onRetry with the error, the failed attempt and the coming delay', async () => {
    const { work } = failingTimes(2);
    const onRetry = jest.fn((_error: unknown, _attempt: number, _delayMs: number) => true);

    await retryWithBackoff(work, { initialMs: 1, factor: 2, jitter: 0, onRetry });

    expect(onRetry.mock.calls).toEqual([
      [expect.objectContaining({ message: 'failure 1' }), 1, 1],
      [expect.objectContaining({ message: 'failure 2' }), 2, 2],
    ]);
  });

  it('stops and rethrows when onRetry returns false', async () => {
    const { work } = failingTimes(10);
    const onRetry = jest.fn((_error: unknown, attempt: number) => attempt < 2);

    await expect(retryWithBackoff(work, { ...fast, onRetry })).rejects.toThrow('failure 2');
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('waits for an async onRetry before deciding', async () => {
    const { work } = failingTimes(10);
    const onRetry = jest.fn(() => sleep(1).then(() => false));

    await expect(retryWithBackoff(work, { ...fast, onRetry })).rejects.toThrow('failure 1');
    expect(work).toHaveBeenCalledTimes(1);
  });

  describe('with fake timers', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('waits the backoff delay between attempts', async () => {
      const { work } = failingTimes(2);
      const result = retryWithBackoff(work, { initialMs: 100, factor: 2, jitter: 0 });

      await jest.advanceTimersByTimeAsync(0);
      expect(work).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(99);
      expect(work).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(work).toHaveBeenCalledTimes(2);
      await jest.advanceTimersByTimeAsync(199);
      expect(work).toHaveBeenCalledTimes(2);
      await jest.advanceTimersByTimeAsync(1);
      expect(work).toHaveBeenCalledTimes(3);
      await expect(result).resolves.toBe('done');
    });
  });
});

describe(sleep.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves after the given time, not before', async () => {
    let done = false;
    void sleep(50).then(() => {
      done = true;
    });

    await jest.advanceTimersByTimeAsync(49);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});

describe(backoffDelay.name, () => {
  it('never exceeds maxMs ("Longest delay"), whatever the jitter draw', () => {
    expect(backoffDelay(20, { initialMs: 100, maxMs: 1_000, jitter: 0.2 }, () => 0.99)).toBeLessThanOrEqual(1_000); // regression: was 1196
  });
});
