import { describe, expect, it } from "bun:test";
import { agenticSettings, loadSubagentConfig, resolveModel } from "../../src/config/agentic-settings.ts";
import { loadConfig } from "../../src/config/load.ts";

const files = (entries: Record<string, string>) => (path: string) => {
  const text = entries[path];
  if (text === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
  return text;
};

describe("agentic settings", () => {
  it("resolves the default alias to OpenRouter and hides the key behind a function", () => {
    const m = resolveModel("gemini-flash-lite", { OPENROUTER_API_KEY: "or-key-1" });
    expect(m).toMatchObject({
      id: "openrouter:google/gemini-3.1-flash-lite",
      provider: "openrouter",
      keyEnv: "OPENROUTER_API_KEY",
    });
    expect(JSON.stringify(m)).not.toContain("or-key-1");
    expect(m.apiKey()).toBe("or-key-1");
  });

  it("reads each provider's key and base-URL variables", () => {
    const env = { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1/" };
    expect(resolveModel("openai:llama3", env)).toMatchObject({
      modelId: "llama3",
      baseUrl: "http://127.0.0.1:11434/v1",
    });
    expect(() => resolveModel("anthropic:claude-x", {})).toThrow("ANTHROPIC_API_KEY");
    expect(() => resolveModel("google:gemini-x", {})).toThrow("GEMINI_API_KEY");
    expect(() => resolveModel("mistral:large", { OPENAI_API_KEY: "k" })).toThrow("provider:model with provider one of");
  });

  it("lets explicit flags win over the subagent file, and the file over defaults", () => {
    const read = files({ "/a.json": JSON.stringify({ max_turns: 3, retry_turns: 2, system_prompt: { prefix: "P" } }) });
    const env = { OPENROUTER_API_KEY: "k" };
    const fromFile = agenticSettings(
      loadConfig({ agentic: "true", "aggregator-read-only": "true", "agentic-subagent-config": "/a.json" }, env),
      env,
      read,
    );
    expect(fromFile).toMatchObject({ maxTurns: 3, retryTurns: 2, promptPrefix: "P", promptSuffix: "" });
    const flagWins = agenticSettings(
      loadConfig(
        { "aggregator-read-only": "true", "agentic-subagent-config": "/a.json", "agentic-max-turns": "1" },
        env,
      ),
      env,
      read,
    );
    expect(flagWins.maxTurns).toBe(1);
  });

  it("refuses reserved and unknown subagent keys and bad values, naming them", () => {
    const read = files({
      "/r.json": '{"completion_mode": "explicit"}',
      "/u.json": '{"max_turn": 2}',
      "/v.json": '{"system_prompt": {"prefix": 3}}',
      "/j.json": "{",
    });
    expect(() => loadSubagentConfig("/r.json", read)).toThrow('"completion_mode" is reserved');
    expect(() => loadSubagentConfig("/u.json", read)).toThrow("max_turn: unknown key");
    expect(() => loadSubagentConfig("/v.json", read)).toThrow("system_prompt.prefix: expected a string");
    expect(() => loadSubagentConfig("/j.json", read)).toThrow("not valid JSON");
    expect(() => loadSubagentConfig("/missing.json", read)).toThrow("cannot read /missing.json (ENOENT)");
  });

  it("needs read-only or an explicit allow-writes", () => {
    const env = { OPENROUTER_API_KEY: "k" };
    expect(() => agenticSettings(loadConfig({}, env), env)).toThrow("--agentic-allow-writes");
    expect(agenticSettings(loadConfig({ "agentic-allow-writes": "true" }, env), env).allowWrites).toBe(true);
  });
});
