/**
 * The composition root's two shared checks, in process: the error-class → exit-status table and
 * the one unknown-option check over a command tree.
 */

import { describe, expect, it } from "bun:test";
import { defineCommand } from "citty";
import { AuthError } from "../../src/auth/index.ts";
import { CliExit } from "../../src/cli/errors.ts";
import { exitFor } from "../../src/cli/exit-codes.ts";
import { rejectUnknownOptions } from "../../src/cli/options.ts";
import { ConfigError } from "../../src/config/index.ts";
import { StoreError } from "../../src/store/index.ts";
import { UpstreamConfigError, UpstreamStartError } from "../../src/upstream/index.ts";

describe("exitFor", () => {
  it("maps each layer error to its status and message", () => {
    expect(exitFor(new ConfigError("invalid_value", "--loop-limit: bad"))).toEqual({
      code: 2,
      message: "--loop-limit: bad",
    });
    expect(exitFor(new AuthError("invalid_ttl", "--ttl: bad")).code).toBe(2);
    expect(exitFor(new UpstreamConfigError("not_found", "no such file"))).toEqual({
      code: 2,
      message: "upstreams: no such file",
    });
    expect(exitFor(new StoreError("open_failed", "cannot open x")).code).toBe(1);
    expect(exitFor(new UpstreamStartError("fs", "fs did not start"))).toEqual({
      code: 1,
      message: "upstreams: fs did not start",
    });
  });

  it("keeps a CliExit as thrown and reports anything else as a failure", () => {
    expect(exitFor(new CliExit(3))).toEqual({ code: 3, message: "" });
    expect(exitFor(new Error("boom"))).toEqual({ code: 1, message: "ptc-mcp: boom" });
    expect(exitFor(Object.assign(new Error("unknown command x"), { code: "E_UNKNOWN_COMMAND" })).code).toBe(2);
  });
});

describe("rejectUnknownOptions", () => {
  const list = defineCommand({ meta: { name: "list" }, args: { "data-dir": { type: "string" } } });
  const root = defineCommand({
    meta: { name: "root" },
    subCommands: {
      token: defineCommand({ meta: { name: "token" }, subCommands: { list: () => Promise.resolve(list) } }),
      repl: defineCommand({
        meta: { name: "repl" },
        args: { eval: { type: "string", alias: "e" }, health: { type: "boolean" }, program: { type: "positional" } },
      }),
    },
  });

  it("accepts the options of the command the arguments reach, with aliases, --no- and --help", async () => {
    await rejectUnknownOptions(root, ["token", "list", "--data-dir=/x", "--help"]);
    await rejectUnknownOptions(root, ["repl", "--eval", "1", "--no-health", "-e", "2", "--", "--anything"]);
  });

  it("refuses an option of another command, with a usage status", async () => {
    const refused = await rejectUnknownOptions(root, ["token", "list", "--eval", "1"]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CliExit);
    expect(exitFor(refused)).toEqual({ code: 2, message: "unknown option --eval (see --help)" });
  });
});
