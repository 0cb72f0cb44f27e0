import { withTimeout } from './health-check';

describe(withTimeout.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves with the value when the work finishes in time, clearing its timer', async () => {
    const work = new Promise<string>((resolve) => setTimeout(() => resolve('pong'), 50));

    const result = withTimeout(work, 100, 'redis');
    await jest.advanceTimersByTimeAsync(50);

    await expect(result).resolves.toBe('pong');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects naming the system and the limit when the work takes too long', async () => {
    const work = new Promise<string>((resolve) => setTimeout(() => resolve('late'), 5_000));

    const result = withTimeout(work, 2_000, 'clickhouse');
    const settled = expect(result).rejects.toThrow('clickhouse did not answer within 2000 ms');
    await jest.advanceTimersByTimeAsync(2_000);

    await settled;
  });

  it('does not reject before the limit', async () => {
    let settled = false;
    void withTimeout(new Promise<never>(() => undefined), 100, 'kafka').catch(() => {
      settled = true;
    });

    await jest.advanceTimersByTimeAsync(99);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
  });

  it("passes the work's own rejection through, clearing its timer", async () => {
    const failure = new Error('NOAUTH');

    await expect(withTimeout(Promise.reject(failure), 1_000, 'redis')).rejects.toBe(failure);
    expect(jest.getTimerCount()).toBe(0);
  });
});
