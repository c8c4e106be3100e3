/**
 * The shape of one flag and the text parsers flag tables share. Every flag reads raw text (from
 * argv or `PTC_RUNNER_MCP_*`) through a valibot schema; the loader adds the offending text to the
 * schema's message (`--max-program-bytes: expected a positive integer, got "abc"`).
 */

import * as v from "valibot";

/** An environment: variable name → value. */
export type Env = Readonly<Record<string, string | undefined>>;

/** One flag: its long name without dashes, parser, default and a one-line help text. */
export interface FlagSpec<T> {
  /** Long option name, e.g. `max-program-bytes` (used as `--max-program-bytes`). */
  readonly name: string;
  /** Environment variable consulted when the flag is absent. */
  readonly env: string;
  /** Parses the raw text into the typed value. */
  readonly schema: v.GenericSchema<string, T>;
  /** Value used when neither the flag nor the environment variable is set. */
  readonly fallback: T;
  /** Help text (units included). */
  readonly description: string;
  /** `boolean`: a switch (`--http`); the CLI accepts it without a value. */
  readonly kind?: "boolean";
  /** The flag may be given several times; the CLI joins the values with commas. */
  readonly repeatable?: boolean;
  /** Default computed from the environment (e.g. an XDG directory); wins over `fallback`. */
  readonly fallbackFromEnv?: (env: Env) => T;
  /** How `--help` shows the default when `fallback` is not the whole story. */
  readonly defaultText?: string;
  /** The value is a credential: errors give its length, never the text. */
  readonly secret?: boolean;
  /** `fallback` is computed on its first read ({@link lazyFallback}): reading it may cost a system call. */
  readonly computedFallback?: boolean;
}

/**
 * Declares a flag. Its environment variable is `PTC_RUNNER_MCP_` + the name in upper snake case
 * unless `extra.env` names another (e.g. the reference's `PTC_RUNNER_MCP_UPSTREAMS`).
 */
export function flag<T>(
  name: string,
  schema: v.GenericSchema<string, T>,
  fallback: T,
  description: string,
  extra: Partial<FlagSpec<T>> = {},
): FlagSpec<T> {
  const env = `PTC_RUNNER_MCP_${name.toUpperCase().replaceAll("-", "_")}`;
  return { name, env, schema, fallback, description, ...extra };
}

/**
 * `spec` with its `fallback` computed on first read and kept: for a default that needs a system
 * call or a `node:` module (CPU count, host name), which a command that never reads it (`version`)
 * should not pay for.
 */
export function lazyFallback<T>(spec: FlagSpec<T>, compute: () => T): FlagSpec<T> {
  return defineOnFirstRead({ ...spec, computedFallback: true }, "fallback", compute);
}

/**
 * Gives `target` an enumerable property `key` whose value is `compute()`, computed on its first
 * read and kept (later reads return the same value, `compute` runs at most once). Returns `target`.
 */
export function defineOnFirstRead<O extends object>(target: O, key: PropertyKey, compute: () => unknown): O {
  let computed: { value: unknown } | null = null;
  return Object.defineProperty(target, key, {
    enumerable: true,
    get: () => {
      computed ??= { value: compute() };
      return computed.value;
    },
  });
}

/**
 * A text parser built on its first use, then kept: valibot builds every object of a schema when it
 * is declared, and the flag table's parsers took ~2 ms of each start, though a command parses only
 * the few flags it is given (decision 0037). It answers and fails exactly as the one `build` makes.
 */
export function lazyText<T>(build: () => v.GenericSchema<string, T>): v.GenericSchema<string, T> {
  let built: v.GenericSchema<string, T> | undefined;
  return v.lazy(() => {
    built ??= build();
    return built;
  }) as v.GenericSchema<string, T>;
}

/** Text → positive safe integer. */
export const PositiveIntText = lazyText(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^[0-9]+$/, "expected a positive integer"),
    v.transform(Number),
    v.safeInteger("expected a positive integer"),
    v.minValue(1, "expected a positive integer"),
  ),
);

/** Text → non-negative safe integer (0 allowed: a retry count, or a value a clamp raises). */
export const NonNegativeIntText = lazyText(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^[0-9]+$/, "expected a non-negative integer"),
    v.transform(Number),
    v.safeInteger("expected a non-negative integer"),
  ),
);

/** Text → boolean (`true/false`, `1/0`, `yes/no`, any case). */
export const BoolText = lazyText(() =>
  v.pipe(
    v.string(),
    v.trim(),
    v.toLowerCase(),
    v.picklist(["true", "false", "1", "0", "yes", "no"], "expected true or false"),
    v.transform((s) => s === "true" || s === "1" || s === "yes"),
  ),
);

/** Text → one of `options` (lower-case names; any case is accepted, so `DEBUG` reads as `debug`). */
export function choiceText<const T extends readonly [string, ...string[]]>(options: T) {
  return lazyText(() =>
    v.pipe(v.string(), v.trim(), v.toLowerCase(), v.picklist(options, `expected one of ${options.join(", ")}`)),
  );
}

/** Marks a flag as a switch that needs no value on the command line. */
export const SWITCH = { kind: "boolean" } as const;
