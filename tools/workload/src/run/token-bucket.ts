/**
 * Open-loop pacing: tokens accrue at `ratePerSecond` up to `capacity`, one per event. A pause (a
 * slow sink) earns at most `capacity` tokens, so the achieved rate never overshoots the target.
 */
export class TokenBucket {
  private tokens = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private last: number,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError(`rate must be positive, got ${ratePerSecond}`);
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
  }

  /** Takes up to `max` whole tokens available at `now` (ms) and returns how many it took. */
  take(now: number, max = Number.POSITIVE_INFINITY): number {
    this.refill(now);
    const taken = Math.min(Math.floor(this.tokens), max);
    this.tokens -= taken;
    return taken;
  }

  /** Milliseconds from `now` until a whole token is available (0 if one is). */
  msUntilNext(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1_000) / this.ratePerSecond;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.ratePerSecond) / 1_000);
      this.last = now;
    }
  }
}
