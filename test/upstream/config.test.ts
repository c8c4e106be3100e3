import { afterAll, describe, expect, it } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UpstreamConfigError } from "../../src/upstream/errors.ts";
import { loadUpstreamsConfig, locateUpstreamsConfig, parseUpstreamsConfig } from "../../src/upstream/config/load.ts";

const dir = mkdtempSync(join(tmpdir(), "ptc-upcfg-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parse = (doc: unknown, env: Record<string, string> = {}, selfPath?: string) =>
  parseUpstreamsConfig(doc, { env, source: "cfg", selfPath });

/** The message of the UpstreamConfigError `doc` raises. */
function problem(doc: unknown, env: Record<string, string> = {}, selfPath?: string): string {
  try {
    parse(doc, env, selfPath);
  } catch (e) {
    expect(e).toBeInstanceOf(UpstreamConfigError);
    return (e as Error).message;
  }
  throw new Error("expected the config to be rejected");
}

const stdio = { transport: "mcp_stdio", command: "node", args: ["server.js"] };

describe("upstreams config: transports", () => {
  it("normalizes stdio, http and openapi upstreams", () => {
    const { config } = parse({
      credentials: { pat: { source: "env", var: "PAT" } },
      upstreams: {
        fs: stdio,
        gh: {
          transport: "mcp_http",
          url: "https://example.test/mcp/",
          auth: [{ scheme: "bearer", binding: "pat" }],
          static_headers: { "X-MCP-Readonly": "true" },
        },
        obs: {
          transport: "openapi",
          base_url: "https://api.test/",
          schema_file: "/s.json",
          include_operations: ["list"],
          operation_overrides: { list: { default_args: { summary: true } } },
        },
      },
    });
    expect(config.upstreams.fs).toEqual({
      kind: "mcp_stdio",
      name: "fs",
      command: "node",
      args: ["server.js"],
      env: {},
      cwd: undefined,
      description: undefined,
    });
    expect(config.upstreams.gh).toMatchObject({
      kind: "mcp_http",
      url: "https://example.test/mcp/",
      auth: [{ scheme: "bearer", binding: "pat" }],
      staticHeaders: { "X-MCP-Readonly": "true" },
    });
    expect(config.upstreams.obs).toMatchObject({
      kind: "openapi",
      baseUrl: "https://api.test",
      schema: { file: "/s.json" },
      overrides: { list: { defaultArgs: { summary: true } } },
    });
  });

  it("reads {command, args} without a transport as mcp_stdio (the README shorthand)", () => {
    expect(parse({ upstreams: { fs: { command: "npx", args: ["-y", "x"] } } }).config.upstreams.fs?.kind).toBe(
      "mcp_stdio",
    );
  });

  it("names the bad field by its path", () => {
    expect(problem({ upstreams: { fs: { ...stdio, argz: [] } } })).toBe("cfg: upstreams.fs.argz: unknown key");
    expect(problem({ upstreams: { fs: { transport: "mcp_stdio" } } })).toBe("cfg: upstreams.fs.command: required");
    expect(problem({ upstreams: { fs: { ...stdio, args: ["a", 2] } } })).toBe(
      "cfg: upstreams.fs.args[1]: expected a string",
    );
    expect(problem({ upstreams: {}, extra: 1 })).toBe("cfg: extra: unknown key");
    expect(problem({})).toBe("cfg: upstreams: required");
    expect(problem({ upstreams: { "bad/name": stdio } })).toStartWith(
      "cfg: upstreams.bad/name: an upstream name uses letters",
    );
  });

  it("rejects the old transport names with the new ones as a hint", () => {
    expect(problem({ upstreams: { fs: { ...stdio, transport: "stdio" } } })).toBe(
      'cfg: upstreams.fs.transport: "stdio" is an old name: use "mcp_stdio"',
    );
    expect(problem({ upstreams: { gh: { transport: "http", url: "https://x.test" } } })).toBe(
      'cfg: upstreams.gh.transport: "http" is an old name: use "mcp_http"',
    );
    expect(problem({ upstreams: { gh: { url: "https://x.test" } } })).toStartWith(
      "cfg: upstreams.gh.transport: required",
    );
  });
});

describe("upstreams config: http safety", () => {
  const creds = { credentials: { pat: { source: "literal", value: "secret-value" } } };
  const http = (extra: object) => ({
    ...creds,
    upstreams: { gh: { transport: "mcp_http", url: "http://127.0.0.1:9/mcp", ...extra } },
  });

  it("requires https unless allow_insecure_http, and auth over http also needs allow_insecure_auth", () => {
    expect(problem(http({}))).toBe(
      "cfg: upstreams.gh.url: plain http:// is refused; use https:// or set allow_insecure_http: true",
    );
    expect(parse(http({ allow_insecure_http: true })).config.upstreams.gh?.kind).toBe("mcp_http");
    const auth = { allow_insecure_http: true, auth: [{ scheme: "bearer", binding: "pat" }] };
    expect(problem(http(auth))).toBe(
      "cfg: upstreams.gh.url: sending auth over plain http:// also needs allow_insecure_auth: true",
    );
    expect(parse(http({ ...auth, allow_insecure_auth: true })).config.upstreams.gh?.kind).toBe("mcp_http");
  });

  it("checks auth bindings and header names", () => {
    const up = (extra: object) => ({
      ...creds,
      upstreams: { gh: { transport: "mcp_http", url: "https://x.test", ...extra } },
    });
    expect(problem(up({ auth: [{ scheme: "bearer", binding: "nope" }] }))).toBe(
      'cfg: upstreams.gh.auth[0].binding: no credential named "nope" in credentials',
    );
    expect(problem(up({ auth: [{ scheme: "oauth", binding: "pat" }] }))).toBe(
      "cfg: upstreams.gh.auth[0].scheme: expected scheme bearer, basic or custom_header",
    );
    expect(problem(up({ auth: [{ scheme: "custom_header", binding: "pat", header: "Authorization" }] }))).toContain(
      "use the bearer or basic scheme",
    );
    expect(problem(up({ auth: [{ scheme: "custom_header", binding: "pat", header: "Mcp-Session-Id" }] }))).toContain(
      "set by the MCP client",
    );
    expect(problem(up({ auth: [{ scheme: "custom_header", binding: "pat", header: "bad header" }] }))).toContain(
      "not a valid header name",
    );
    for (const name of [
      "Authorization",
      "Proxy-Authorization",
      "Cookie",
      "Set-Cookie",
      "X-Api-Key",
      "MCP-Protocol-Version",
      "User-Agent",
    ]) {
      expect(problem(up({ static_headers: { [name]: "v" } }))).toStartWith(
        `cfg: upstreams.gh.static_headers.${name}: `,
      );
    }
    expect(
      parse(
        up({
          auth: [{ scheme: "custom_header", binding: "pat", header: "X-Api-Token" }],
          static_headers: { "X-Tenant": "a" },
        }),
      ).config.upstreams.gh?.kind,
    ).toBe("mcp_http");
  });

  it("keeps literal credential values out of the config object", () => {
    const parsed = parse(http({ allow_insecure_http: true }));
    expect(JSON.stringify(parsed.config)).not.toContain("secret-value");
    expect(parsed.config.credentials.pat).toEqual({ source: "literal" });
    expect(parsed.literals.get("pat")).toBe("secret-value");
  });

  it("rejects an unknown credential source and the reserved exec source", () => {
    expect(problem({ credentials: { a: { source: "exec", command: "x" } }, upstreams: {} })).toBe(
      'cfg: credentials.a.source: "exec" is reserved and not supported; use env, file or literal',
    );
    expect(problem({ credentials: { a: { source: "env" } }, upstreams: {} })).toBe("cfg: credentials.a.var: required");
  });
});

describe("upstreams config: openapi", () => {
  const api = (extra: object) => ({
    upstreams: { api: { transport: "openapi", base_url: "https://api.test", include_operations: ["a"], ...extra } },
  });
  it("needs exactly one schema source and overrides of included operations only", () => {
    expect(problem(api({}))).toBe("cfg: upstreams.api: give exactly one of schema_file or schema_url");
    expect(problem(api({ schema_file: "/a", schema_url: "https://x.test/s" }))).toBe(
      "cfg: upstreams.api: give exactly one of schema_file or schema_url",
    );
    expect(problem(api({ schema_file: "/a", operation_overrides: { b: {} } }))).toBe(
      "cfg: upstreams.api.operation_overrides.b: overrides an operation that include_operations does not list",
    );
    expect(problem(api({ schema_file: "/a", include_operations: ["a", "a"] }))).toBe(
      'cfg: upstreams.api.include_operations[1]: "a" is listed twice',
    );
  });
});

describe("upstreams config: stdio env and self", () => {
  it("checks ${VAR} placeholders of stdio env against the environment, and only there", () => {
    const doc = { upstreams: { gh: { ...stdio, env: { TOKEN: "${GH_TOKEN}", PLAIN: "a${b" } } } };
    expect(problem(doc)).toBe("cfg: upstreams.gh.env.TOKEN: ${GH_TOKEN} is not set in the environment");
    const { config } = parse(doc, { GH_TOKEN: "t0ken" });
    expect(config.upstreams.gh).toMatchObject({ env: { TOKEN: "${GH_TOKEN}" } });
    const literalUrl = { upstreams: { h: { transport: "mcp_http", url: "https://x.test/${NOT_EXPANDED}" } } };
    expect((parse(literalUrl).config.upstreams.h as { url: string }).url).toBe("https://x.test/${NOT_EXPANDED}");
  });

  it("refuses a stdio upstream that launches this executable", () => {
    const bin = join(dir, "bin");
    mkdirSync(bin, { recursive: true });
    const self = join(bin, "ptc-mcp");
    writeFileSync(self, "#!/bin/sh\n");
    chmodSync(self, 0o755);
    expect(problem({ upstreams: { me: { command: "ptc-mcp", args: ["start"] } } }, { PATH: bin }, self)).toBe(
      "cfg: upstreams.me.command: launches this ptc-mcp executable: an upstream cannot be the server itself",
    );
    expect(problem({ upstreams: { me: { command: self } } }, {}, self)).toContain("launches this ptc-mcp executable");
    expect(parse({ upstreams: { other: { command: "node" } } }, { PATH: bin }, self).config.upstreams.other?.kind).toBe(
      "mcp_stdio",
    );
  });
});

describe("upstreams config: locating and reading the file", () => {
  it("takes the flag, then PTC_RUNNER_MCP_UPSTREAMS, then the XDG default", () => {
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    writeFileSync(a, "{}");
    writeFileSync(b, "{}");
    const xdg = join(dir, "xdg");
    mkdirSync(join(xdg, "ptc-mcp"), { recursive: true });
    writeFileSync(join(xdg, "ptc-mcp", "upstreams.json"), "{}");
    expect(locateUpstreamsConfig(a, { PTC_RUNNER_MCP_UPSTREAMS: b })).toBe(a);
    expect(locateUpstreamsConfig(undefined, { PTC_RUNNER_MCP_UPSTREAMS: b, XDG_CONFIG_HOME: xdg })).toBe(b);
    expect(locateUpstreamsConfig(undefined, { XDG_CONFIG_HOME: xdg })).toBe(join(xdg, "ptc-mcp", "upstreams.json"));
    expect(locateUpstreamsConfig(undefined, { HOME: join(dir, "nohome") })).toBe(null);
    expect(() => locateUpstreamsConfig(join(dir, "missing.json"), {})).toThrow("--upstreams-config: no such file");
  });

  it("counts whatever exists at a default location, as existsSync would, and joins the path as node:path does", () => {
    // A directory counts (the loader then reports it); a link counts by its target.
    const withDir = join(dir, "xdg-dir");
    mkdirSync(join(withDir, "ptc-mcp", "upstreams.json"), { recursive: true });
    expect(locateUpstreamsConfig(undefined, { XDG_CONFIG_HOME: withDir })).toBe(
      join(withDir, "ptc-mcp", "upstreams.json"),
    );
    const dangling = join(dir, "xdg-dangling");
    mkdirSync(join(dangling, "ptc-mcp"), { recursive: true });
    symlinkSync(join(dir, "no-such-target.json"), join(dangling, "ptc-mcp", "upstreams.json"));
    expect(existsSync(join(dangling, "ptc-mcp", "upstreams.json"))).toBe(false);
    expect(locateUpstreamsConfig(undefined, { XDG_CONFIG_HOME: dangling })).toBe(null);
    // The second default name, under HOME/.config; the answer is normalised (`//`, `.`, `..`).
    const home = join(dir, "home");
    mkdirSync(join(home, ".config", "ptc_runner_mcp"), { recursive: true });
    writeFileSync(join(home, ".config", "ptc_runner_mcp", "upstreams.json"), "{}");
    const found = join(home, ".config", "ptc_runner_mcp", "upstreams.json");
    expect(locateUpstreamsConfig(undefined, { HOME: `${home}/` })).toBe(found);
    expect(locateUpstreamsConfig(undefined, { XDG_CONFIG_HOME: `${home}//./.config` })).toBe(found);
    // `..` after a name that is no directory: node:path drops both textually, the kernel would not.
    writeFileSync(join(home, "plain-file"), "");
    expect(locateUpstreamsConfig(undefined, { XDG_CONFIG_HOME: `${home}/plain-file/../.config` })).toBe(found);
    expect(() => locateUpstreamsConfig(join(dir, "missing-dir", "x.json"), {})).toThrow("no such file");
    expect(locateUpstreamsConfig(undefined, { PTC_RUNNER_MCP_UPSTREAMS: withDir })).toBe(withDir);
  });

  it("accepts the sample in examples/upstreams.json", () => {
    const sample = join(import.meta.dir, "..", "..", "examples", "upstreams.json");
    const { config } = loadUpstreamsConfig(sample, { env: {} });
    expect(Object.values(config.upstreams).map((u) => u.kind)).toEqual(["mcp_stdio", "mcp_http", "openapi"]);
  });

  it("reports unreadable JSON with the file name", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ nope");
    expect(() => loadUpstreamsConfig(bad, { env: {} })).toThrow(`${bad}: not valid JSON`);
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ upstreams: { fs: stdio } }));
    expect(loadUpstreamsConfig(good, { env: {} }).config.source).toBe(good);
  });
});
