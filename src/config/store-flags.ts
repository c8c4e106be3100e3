/**
 * Where the state store lives (decision 0020): `--store-url` unset keeps the embedded SQLite file
 * under `--data-dir`; a `postgres://` (or `postgresql://`) URL puts every shared piece of state in
 * one PostgreSQL database, so several replicas behind a load balancer share it. The URL may carry
 * a password: the server registers it with the log redactor and never prints it.
 */

import * as v from "valibot";
import { flag, PositiveIntText, lazyText } from "./flag-spec.ts";

/** Text → null (empty: the SQLite file) or a PostgreSQL connection URL. */
export const StoreUrlText = lazyText(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check(
      (s) => s === "" || (/^postgres(?:ql)?:\/\//.test(s) && URL.canParse(s)),
      "expected a postgres://user:password@host:port/database URL (or nothing, for the SQLite file)",
    ),
    v.transform((s) => (s === "" ? null : s)),
  ),
);

/** The store flags, keyed by config field. */
export const STORE_FLAGS = {
  storeUrl: flag<string | null>(
    "store-url",
    StoreUrlText,
    null,
    "PostgreSQL URL of the shared state store (replicas); unset = the SQLite file under --data-dir",
    { defaultText: "unset (SQLite under --data-dir)" },
  ),
  storePoolSize: flag("store-pool-size", PositiveIntText, 10, "connections to the --store-url database per process"),
} as const;
