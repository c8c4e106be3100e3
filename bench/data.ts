/**
 * Deterministic benchmark inputs. Everything here is generated from a fixed seed so every run
 * (and every machine) times exactly the same data; generation is never part of a timed section.
 */

import { mulberry32 } from "../test/support/prng.ts";

export { mulberry32 };

/** One order record, shaped like a decoded JSON API response (string keys, plain values). */
export interface Order {
  id: string;
  customer: string;
  region: string;
  status: string;
  category: string;
  /** Unit price in dollars, two decimals. */
  price: number;
  quantity: number;
  /** price × quantity, rounded to cents. */
  total: number;
  /** ISO-8601 timestamp in 2024. */
  created_at: string;
}

const REGIONS = ["north", "south", "east", "west", "central", "overseas"];
const STATUSES = ["paid", "paid", "paid", "pending", "refunded", "cancelled"];
const CATEGORIES = ["books", "games", "garden", "kitchen", "music", "office", "sports", "toys"];
const YEAR_START = Date.UTC(2024, 0, 1);
const YEAR_MS = 366 * 24 * 3600 * 1000;

/**
 * `n` orders from seed 42. A prefix of a longer list equals the shorter list, so the 10k and 100k
 * inputs share their first 10k records.
 */
export function makeOrders(n: number, seed = 42): Order[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const orders: Order[] = [];
  for (let i = 0; i < n; i++) {
    const price = Math.round(100 + rnd() * 99_900) / 100;
    const quantity = 1 + Math.floor(rnd() * 10);
    orders.push({
      id: `ord-${String(i).padStart(6, "0")}`,
      customer: `cust-${Math.floor(rnd() * 5000)}`,
      region: pick(REGIONS),
      status: pick(STATUSES),
      category: pick(CATEGORIES),
      price,
      quantity,
      total: Math.round(price * quantity * 100) / 100,
      created_at: new Date(YEAR_START + Math.floor(rnd() * YEAR_MS)).toISOString(),
    });
  }
  return orders;
}

/**
 * {@link makeOrders} for one program's input. Not memoised across programs, so no program's data
 * stays live while later programs run. (The larger full-bench skew once put on this cache was the
 * shared QuickJS module's memory: decision 0033.)
 */
export function orders(n: number): Order[] {
  return makeOrders(n);
}
