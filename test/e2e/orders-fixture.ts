/**
 * Deterministic order records for end-to-end tests, and the reference answers computed in
 * JavaScript. A seeded PRNG (mulberry32) makes every run see the same data.
 */

import { mulberry32 } from "../support/prng.ts";

export { mulberry32 };

/** One generated order. `total` is a float with cents, e.g. 123.45. */
export interface Order {
  id: number;
  customer: string;
  status: "paid" | "pending" | "refunded";
  region: string;
  total: number;
  items: number;
}

const STATUSES = ["paid", "pending", "refunded"] as const;
const REGIONS = ["north", "south", "east", "west", "central"] as const;

/** `{ orders: [...] }` with `n` orders generated from `seed`. */
export function ordersContext(n: number, seed: number): { orders: Order[] } {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const orders: Order[] = [];
  for (let id = 1; id <= n; id++) {
    orders.push({
      id,
      customer: `c${1 + Math.floor(rand() * 500)}`,
      status: pick(STATUSES),
      region: pick(REGIONS),
      total: Math.round(rand() * 100_000) / 100,
      items: 1 + Math.floor(rand() * 9),
    });
  }
  return { orders };
}

/**
 * Reference for the e2e program: per region, the sum of paid totals (added in input order, as
 * the program does) times 100, rounded half up to whole cents.
 */
export function paidCentsByRegion(orders: readonly Order[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const o of orders) if (o.status === "paid") sums[o.region] = (sums[o.region] ?? 0) + o.total;
  const out: Record<string, number> = {};
  for (const [region, sum] of Object.entries(sums)) out[region] = Math.round(sum * 100);
  return out;
}
