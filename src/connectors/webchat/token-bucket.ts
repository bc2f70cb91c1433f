/**
 * A token bucket: `capacity` messages at once, refilled at `capacity / windowMs`. Bursts a person
 * types are let through; a script flooding the room is not. One per socket, in memory: a limit per
 * connection needs no shared state.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (capacity <= 0 || windowMs <= 0) throw new Error('capacity and window must be positive');
    this.tokens = capacity;
    this.updatedAt = this.now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token is available (0 when one is). */
  retryAfterMs(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * this.windowMs) / this.capacity);
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.capacity) / this.windowMs);
  }
}
