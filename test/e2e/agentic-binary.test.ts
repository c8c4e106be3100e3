/**
 * Agentic mode in the compiled binary: `ptc-mcp start --agentic` with a real server-filesystem
 * upstream and a scripted planner on loopback (test/fixtures/planner-server.ts), driven by the SDK
 * client over stdio. Covers the planner wire formats (OpenAI Chat Completions, Anthropic Messages,
 * Gemini generateContent), the loop rules (one-turn success, repair after a parse error, no
 * continuation after a write, planner timeout, 429, a reply with no program) and the boot rules.
 * Requires `npm run build` first (`npm test` does it).
 */

import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { type PlannerServer, type ScriptedReply, startPlannerServer } from "../fixtures/planner-server.ts";
import { BINARY, requireBinary } from "./helpers.ts";

// Each case starts the binary and a real upstream; wide margins for a loaded 2-core machine.
setDefaultTimeout(60_000);

const ROOT = join(import.meta.dir, "..", "..");
const FS_SERVER = join(ROOT, "node_modules", ".bin", "mcp-server-filesystem");

const dir = mkdtempSync(join(tmpdir(), "ptc-agentic-"));
const files = join(dir, "files");
mkdirSync(files);
const notes = join(files, "notes.txt");
writeFileSync(notes, "alpha\nbeta\ngamma\n");
const written = join(files, "written.txt");
// An upstream that hands out the planner's key: the answer must not carry it.
const leaky = join(files, "leaky.txt");
writeFileSync(leaky, "sk-test-key-123\n");
const traces = join(dir, "traces");
const config = join(dir, "upstreams.json");
writeFileSync(
  config,
  JSON.stringify({
    upstreams: { fs: { transport: "mcp_stdio", command: FS_SERVER, args: [files], description: "Project files" } },
  }),
);

const readLine = (n: number) =>
  `(let [r (tool/call {:server "fs" :tool "read_text_file" :args {:path ${JSON.stringify(notes)}}})]
  (if (:ok r)
    (return (nth (clojure.string/split-lines (:content (:value r))) ${n}))
    (fail (:message r))))`;

const SCENARIOS: Record<string, ScriptedReply[]> = {
  success: [{ text: `Here it is:\n\`\`\`clojure\n${readLine(1)}\n\`\`\``, tokens: [321, 45] }],
  repair: [{ text: "(return (+ 1 2)" }, { text: readLine(2) }],
  "no-program": [{ text: "I am sorry, I cannot help with that." }],
  "rate-limit": [{ status: 429, body: { error: { message: "Rate limit exceeded" } }, headers: { "retry-after": "7" } }],
  write: [
    {
      text: `(do (tool/call {:server "fs" :tool "write_file" :args {:path ${JSON.stringify(written)} :content "x"}})
    (+ 1 nil))`,
    },
    { text: "(return :never-asked)" },
  ],
  hang: [{ hang: true }],
  leak: [
    {
      text: `(return (:content (:value (tool/call {:server "fs" :tool "read_text_file" :args {:path ${JSON.stringify(leaky)}}}))))`,
    },
  ],
};

let planner: PlannerServer;
beforeAll(() => {
  requireBinary();
  planner = startPlannerServer(SCENARIOS);
});
afterAll(async () => {
  await planner.close();
  rmSync(dir, { recursive: true, force: true });
});

const baseEnv = () => ({ PATH: process.env.PATH ?? "", HOME: dir });

/** Everything the most recently started server wrote to stderr (JSON log lines). */
let serverLog = "";

async function connect(args: string[], env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({
    command: BINARY,
    args: ["start", "--upstreams-config", config, "--agentic", ...args],
    env: { ...baseEnv(), ...env },
    stderr: "pipe",
  });
  serverLog = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    serverLog += chunk.toString("utf8");
  });
  const client = new Client({ name: "e2e-agentic", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

interface TaskResult {
  status: string;
  answer: string;
  reason?: string;
  program?: string;
  upstream_calls: { server: string; tool: string; status: string }[];
  planner: { model: string; turns: number; duration_ms: number; prompt_tokens?: number; completion_tokens?: number };
}

async function task(client: Client, scenario: string, extra: Record<string, unknown> = {}) {
  const r = await client.callTool({ name: "lisp_task", arguments: { task: `[scenario:${scenario}] do it`, ...extra } });
  return { isError: r.isError === true, sc: r.structuredContent as unknown as TaskResult, raw: r };
}

const requestsOf = (scenario: string) => planner.requests.filter((r) => r.scenario === scenario);

describe("lisp_task over OpenAI Chat Completions", () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect(
      [
        "--agentic-allow-writes",
        "--agentic-model",
        "openai:test-model",
        "--agentic-max-turns",
        "2",
        "--response-profile",
        "structured",
        "--trace-dir",
        traces,
        "--agentic-trace-prompts",
      ],
      { OPENAI_API_KEY: "sk-test-key-123", OPENAI_BASE_URL: `${planner.origin}/v1` },
    );
  });
  afterAll(() => client.close());

  it("advertises lisp_task with the capability summary beside lisp_eval", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["lisp_eval", "lisp_task"]);
    const entry = tools.find((t) => t.name === "lisp_task");
    expect(entry?.description).toContain("- fs (14 tools) - Project files: ");
    expect(entry?.description).toContain("write_file*");
    // The summary reaches the log only as its size and hash.
    const ready = serverLog
      .split("\n")
      .filter((l) => l.includes('"agentic_ready"'))
      .map((l) => JSON.parse(l));
    expect(ready).toEqual([expect.objectContaining({ capability_summary_source: "generated" })]);
    expect(ready[0].capability_summary_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(serverLog).not.toContain("read_text_file, ");
    expect(Object.keys((entry?.inputSchema as { properties: object } | undefined)?.properties ?? {}).sort()).toEqual([
      "constraints",
      "task",
    ]);
  });

  it("answers in one turn with a line read from a real upstream", async () => {
    const { isError, sc } = await task(client, "success", { constraints: { max_items: 1 } });
    expect(isError).toBe(false);
    expect(sc.status).toBe("ok");
    expect(sc.answer).toBe("beta");
    expect(sc.program).toContain('(tool/call {:server "fs" :tool "read_text_file"');
    expect(sc.upstream_calls).toEqual([{ server: "fs", tool: "read_text_file", status: "ok" }]);
    expect(sc.planner).toMatchObject({
      model: "openai:test-model",
      turns: 1,
      prompt_tokens: 321,
      completion_tokens: 45,
    });

    const [req] = requestsOf("success");
    expect(req?.path).toBe("/v1/chat/completions");
    expect(req?.headers.authorization).toBe("Bearer sk-test-key-123");
    const system = req?.texts[0] ?? "";
    expect(system).toContain("Completion rules:");
    expect(system).toContain("(return value)");
    expect(system).toContain("Language:");
    expect(system).toContain("- fs (14 tools) - Project files");
    expect(req?.texts.at(-1)).toContain('Constraints (also readable as data/constraints): {"max_items":1}');
  });

  it("repairs a parse error on the second turn with the error fed back", async () => {
    const { sc } = await task(client, "repair");
    expect(sc).toMatchObject({ status: "ok", answer: "gamma", planner: { turns: 2 } });
    const reqs = requestsOf("repair");
    expect(reqs.map((r) => r.turn)).toEqual([0, 1]);
    expect(reqs[1]?.texts.at(-1)).toContain("The program of turn 1 did not complete the task:\nparse_error:");
  });

  it("stops after a write-capable call instead of giving the planner another turn", async () => {
    const { isError, sc } = await task(client, "write");
    expect(isError).toBe(true);
    expect(sc.reason).toBe("write_blocked");
    expect(sc.answer).toContain("type_error");
    expect(sc.upstream_calls).toEqual([{ server: "fs", tool: "write_file", status: "ok" }]);
    expect(existsSync(written)).toBe(true);
    expect(requestsOf("write")).toHaveLength(1);
  });

  it("reports a 429 as rate_limited with the provider's retry hint", async () => {
    const { isError, sc } = await task(client, "rate-limit");
    expect(isError).toBe(true);
    expect(sc.reason).toBe("rate_limited");
    expect(sc.answer).toContain("retry after 7 s");
    expect(sc.answer).toContain("Rate limit exceeded");
    expect(requestsOf("rate-limit")).toHaveLength(1);
  });

  it("reports a reply without a program as no_program once the turns are spent", async () => {
    const { isError, sc } = await task(client, "no-program");
    expect(isError).toBe(true);
    expect(sc.reason).toBe("no_program");
    expect(sc.answer).toContain("not a PTC-Lisp program");
    expect(sc.program).toBeUndefined();
    expect(requestsOf("no-program")).toHaveLength(2);
  });

  it("scrubs the planner key from upstream answers", async () => {
    const { sc } = await task(client, "leak");
    expect(sc.status).toBe("ok");
    expect(sc.answer.trim()).toBe("[REDACTED]");
  });

  it("refuses a call without a task as args_error", async () => {
    const r = await client.callTool({ name: "lisp_task", arguments: { constraints: {} } });
    expect(r.isError).toBe(true);
    expect((r.structuredContent as { reason: string }).reason).toBe("args_error");
  });

  it("writes the planner conversation into the trace with --agentic-trace-prompts", async () => {
    const deadline = Date.now() + 10_000;
    let rows: { event: string; messages?: { role: string; content: string }[] }[] = [];
    while (Date.now() < deadline) {
      rows = readdirSync(traces)
        .filter((f) => f.endsWith("-lisp_task.jsonl"))
        .flatMap((f) => readFileSync(join(traces, f), "utf8").trim().split("\n"))
        .map((l) => JSON.parse(l));
      if (rows.some((r) => r.event === "agentic.prompts" && r.messages?.some((m) => m.content.includes("repair"))))
        break;
      await Bun.sleep(100);
    }
    const prompts = rows.filter((r) => r.event === "agentic.prompts");
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts[0]?.messages?.[0]?.role).toBe("system");
    expect(JSON.stringify(rows)).not.toContain("sk-test-key-123");
  });
});

describe("lisp_task planner timeout", () => {
  it("rolls the planner's figures into lisp_debug stats with --debug-tool", async () => {
    const debugged = await connect(["--aggregator-read-only", "--agentic-model", "openai:test-model", "--debug-tool"], {
      OPENAI_API_KEY: "sk-test-key-123",
      OPENAI_BASE_URL: `${planner.origin}/v1`,
    });
    try {
      const done = await task(debugged, "success");
      expect(done.sc.status).toBe("ok");
      const r = await debugged.callTool({ name: "lisp_debug", arguments: { op: "stats" } });
      const stats = r.structuredContent as { agentic_planner?: Record<string, unknown> };
      expect(stats.agentic_planner).toMatchObject({
        tasks: 1,
        turns: 1,
        tasks_with_token_counts: 1,
        prompt_tokens: 321,
        completion_tokens: 45,
        by_model: { "openai:test-model": 1 },
      });
    } finally {
      await debugged.close();
    }
  });

  it("ends with planner_timeout when the provider does not answer in time", async () => {
    const client = await connect(
      ["--aggregator-read-only", "--agentic-model", "openai:slow", "--agentic-planner-timeout-ms", "1500"],
      { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${planner.origin}/v1` },
    );
    try {
      const r = await client.callTool({ name: "lisp_task", arguments: { task: "[scenario:hang] wait" } });
      expect(r.isError).toBe(true);
      const text = (r.content as { text: string }[])[0]?.text ?? "";
      expect(text).toStartWith("planner_timeout: the planner did not answer within 1500 ms");
    } finally {
      await client.close();
    }
  });
});

describe("lisp_task over other wire formats", () => {
  const cases = [
    {
      name: "Anthropic Messages",
      model: "anthropic:claude-test",
      env: { ANTHROPIC_API_KEY: "ant-test-key", ANTHROPIC_BASE_URL: "/v1" },
      path: "/v1/messages",
      header: ["x-api-key", "ant-test-key"],
    },
    {
      name: "Gemini generateContent",
      model: "google:gemini-test",
      env: { GEMINI_API_KEY: "gem-test-key", GEMINI_BASE_URL: "/v1beta" },
      path: "/v1beta/models/gemini-test:generateContent",
      header: ["x-goog-api-key", "gem-test-key"],
    },
  ] as const;
  for (const c of cases) {
    it(`answers the same task through ${c.name}`, async () => {
      const env = Object.fromEntries(
        Object.entries(c.env).map(([k, v]) => [k, v.startsWith("/") ? `${planner.origin}${v}` : v]),
      );
      const client = await connect(["--aggregator-read-only", "--agentic-model", c.model], env);
      try {
        const before = planner.requests.length;
        const r = await client.callTool({ name: "lisp_task", arguments: { task: "[scenario:success] line two" } });
        expect(r.isError).not.toBe(true);
        const text = (r.content as { text: string }[]).map((b) => b.text);
        expect(text[0]).toBe("beta");
        expect(text[1]).toStartWith("program:\n(let [r (tool/call");
        const req = planner.requests.slice(before).find((q) => q.scenario === "success");
        expect(req?.path).toBe(c.path);
        expect(req?.headers[c.header[0]]).toBe(c.header[1]);
        expect(req?.texts.join("\n")).toContain("Completion rules:");
      } finally {
        await client.close();
      }
    });
  }
});

describe("agentic boot rules", () => {
  const boot = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(BINARY, ["start", "--agentic", ...args], {
      input: "",
      encoding: "utf8",
      env: { ...baseEnv(), XDG_CONFIG_HOME: join(dir, "no-config"), ...env },
      timeout: 55_000,
    });
    return { code: r.status, lines: r.stderr.trim().split("\n") };
  };
  const key = { OPENROUTER_API_KEY: "or-test-key" };

  it("refuses --agentic without upstreams", () => {
    const r = boot(["--aggregator-read-only"], key);
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([expect.stringContaining("--agentic: lisp_task needs aggregator mode")]);
  });

  it("refuses an aggregator not asserted read-only without --agentic-allow-writes", () => {
    const r = boot(["--upstreams-config", config], key);
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([expect.stringContaining("--agentic-allow-writes")]);
  });

  it("names the missing API key of the default model", () => {
    const r = boot(["--upstreams-config", config, "--aggregator-read-only"]);
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([
      "--agentic-model openrouter:google/gemini-3.1-flash-lite: the planner needs an API key in OPENROUTER_API_KEY, which is not set",
    ]);
  });

  it("refuses reserved keys in the subagent config", () => {
    const sub = join(dir, "subagent.json");
    writeFileSync(sub, JSON.stringify({ max_turns: 2, tools: ["fs"] }));
    const r = boot(["--upstreams-config", config, "--aggregator-read-only", "--agentic-subagent-config", sub], key);
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([expect.stringContaining('"tools" is reserved (the MCP server owns it)')]);
  });
});
