/**
 * Preloaded by bunfig.toml before every test file: a 60 s default per test. Bun ignores
 * `[test] timeout` in bunfig (only `--timeout` and setDefaultTimeout work), and end-to-end tests
 * spawn the compiled binary and real MCP peers, which on a loaded 2-core machine can take far
 * longer than the built-in 5 s. Tests assert behaviour; this only bounds a hang.
 */

import { setDefaultTimeout } from "bun:test";

setDefaultTimeout(60_000);
