/**
 * Executing MCP requests per owner, across both protocol eras. A 2025-era session also has its
 * own cap (`--http-max-in-flight-per-session`); a 2026-07-28 client has no session, so its
 * requests count only here. The owner ceiling is `per-session cap × per-owner session cap`: the
 * most an owner could run through its allowed sessions, so both eras get the same budget.
 * Nothing queues: a request over a cap is refused at once.
 */

/** The ledger. */
export interface InFlightLedger {
  /** Takes `n` slots for `owner`; false (nothing taken) when that would pass the owner cap. */
  tryEnter(owner: string, n: number): boolean;
  leave(owner: string, n: number): void;
  /** Slots in use by `owner`. */
  of(owner: string): number;
  /** Slots in use in total. */
  readonly total: number;
  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  waitIdle(timeoutMs: number): Promise<boolean>;
}

/** Creates a ledger with `perOwner` slots per owner. */
export function createInFlightLedger(perOwner: number): InFlightLedger {
  const byOwner = new Map<string, number>();
  let total = 0;
  let idleWaiters: Array<() => void> = [];
  return {
    tryEnter(owner, n) {
      const now = byOwner.get(owner) ?? 0;
      if (now + n > perOwner) return false;
      byOwner.set(owner, now + n);
      total += n;
      return true;
    },
    leave(owner, n) {
      const left = (byOwner.get(owner) ?? 0) - n;
      if (left > 0) byOwner.set(owner, left);
      else byOwner.delete(owner);
      total = Math.max(0, total - n);
      if (total === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    },
    of: (owner) => byOwner.get(owner) ?? 0,
    get total() {
      return total;
    },
    waitIdle(timeoutMs) {
      if (total === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          idleWaiters = idleWaiters.filter((w) => w !== done);
          resolve(false);
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        idleWaiters.push(done);
      });
    },
  };
}
