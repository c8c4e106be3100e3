/**
 * The store options every command that opens the state store shares (`token`, `audit`, `viewer`,
 * `start`): `--data-dir` for the SQLite file, `--store-url` and `--store-pool-size` for PostgreSQL
 * (decision 0020), each with its `PTC_RUNNER_MCP_*` variable, read through the one flag table.
 */

import type { ArgsDef } from "citty";
import { FLAGS, type FlagKey, loadConfig, type ServerConfig } from "../config/index.ts";
import type { StoreLocation } from "../store/index.ts";

const STORE_FLAGS = [FLAGS.dataDir, FLAGS.storeUrl, FLAGS.storePoolSize] as const;
const STORE_KEYS: ReadonlySet<FlagKey> = new Set<FlagKey>(["dataDir", "storeUrl", "storePoolSize"]);

/** citty definitions of the three store options. */
export const storeArgs: ArgsDef = Object.fromEntries(
  STORE_FLAGS.map((f) => [
    f.name,
    {
      type: "string",
      description: `${f.description} (env ${f.env}${f.defaultText ? `, default ${f.defaultText}` : ""})`,
      valueHint: f.name === "store-url" ? "postgres://…" : f.name === "data-dir" ? "dir" : "n",
    },
  ]),
);

/** Where the store of `config` lives. */
export function storeLocationOf(config: Pick<ServerConfig, "dataDir" | "storeUrl" | "storePoolSize">): StoreLocation {
  return { dataDir: config.dataDir, url: config.storeUrl, poolSize: config.storePoolSize };
}

/**
 * The store location from parsed citty `args` (and the environment).
 *
 * @throws {ConfigError} for a bad value (exit 2)
 */
export function storeLocationFromArgs(args: Record<string, unknown>): StoreLocation {
  const given: Record<string, string> = {};
  for (const f of STORE_FLAGS) {
    const value = args[f.name];
    if (value !== undefined) given[f.name] = String(value);
  }
  // Only the store variables are read: a stray server variable (a bad HTTP token) cannot stop `token`.
  return storeLocationOf(loadConfig(given, process.env, (key) => STORE_KEYS.has(key)));
}
