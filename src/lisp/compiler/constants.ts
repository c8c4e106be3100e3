/**
 * Named constants a program may write as symbols (spec §3.3, §8.14 interop): they compile to the
 * value itself, not to a function.
 */

import { LFloat, type Value } from "../values/index.ts";

const table = new Map<string, Value>([
  ["Double/POSITIVE_INFINITY", Number.POSITIVE_INFINITY],
  ["Double/NEGATIVE_INFINITY", Number.NEGATIVE_INFINITY],
  ["Double/NaN", Number.NaN],
  ["Double/MAX_VALUE", Number.MAX_VALUE],
  ["Double/MIN_VALUE", Number.MIN_VALUE],
  ["POSITIVE_INFINITY", Number.POSITIVE_INFINITY],
  ["NEGATIVE_INFINITY", Number.NEGATIVE_INFINITY],
  ["NaN", Number.NaN],
  ["Math/PI", Math.PI],
  ["Math/E", Math.E],
  ["Long/MAX_VALUE", 9223372036854775807n],
  ["Long/MIN_VALUE", -9223372036854775808n],
  ["Integer/MAX_VALUE", 2147483647],
  ["Integer/MIN_VALUE", -2147483648],
]);

/** The value of a named constant such as `Double/NaN`, or undefined. */
export function namedConstant(fullName: string): Value | undefined {
  const v = table.get(fullName);
  return typeof v === "number" && Number.isInteger(v) && fullName.startsWith("Double/") ? new LFloat(v) : v;
}

/** All constant names (for suggestions and docs). */
export const CONSTANT_NAMES: readonly string[] = [...table.keys()];
