import { describe, expect, it } from "bun:test";
import { catalogText, type DescribedServer } from "../../src/upstream/catalog/description.ts";
import { callExample, orderedArgs, renderDoc, renderMeta, typeLabel } from "../../src/upstream/catalog/doc.ts";
import { rankTools, serverHint, tokenize } from "../../src/upstream/catalog/search.ts";
import type { CatalogTool } from "../../src/upstream/catalog/types.ts";

const tool = (
  name: string,
  description: string,
  inputSchema: Record<string, unknown> = { type: "object" },
  server = "fs",
): CatalogTool => ({
  server,
  name,
  description,
  inputSchema,
});

describe("doc rendering: types", () => {
  it("renders enum<type> for uniform enums, bare enum otherwise, and const<json> for consts", () => {
    expect(typeLabel({ type: "string", enum: ["open", "closed"] })).toBe("enum<string>");
    expect(typeLabel({ enum: [1, 2, 3] })).toBe("enum<integer>");
    expect(typeLabel({ enum: ["a", 1] })).toBe("enum");
    expect(typeLabel({ type: "string", const: "fixed" })).toBe('const<"fixed">');
    expect(typeLabel({ const: 42 })).toBe("const<42>");
    for (const falsy of [false, null, 0, ""])
      expect(typeLabel({ type: "string", const: falsy })).toBe(`const<${JSON.stringify(falsy)}>`);
  });

  it("renders bare type names, including object and array, and unions", () => {
    expect(typeLabel({ type: "object", properties: { a: {} } })).toBe("object");
    expect(typeLabel({ type: "array", items: { type: "string" } })).toBe("array");
    expect(typeLabel({ type: ["string", "null"] })).toBe("string|null");
    expect(typeLabel({})).toBe("any");
  });
});

describe("doc rendering: arguments", () => {
  const schema = {
    type: "object",
    properties: {
      zeta: { type: "string" },
      path: { type: "string" },
      alpha: { type: "integer" },
      mode: { type: "string", enum: ["r", "w"] },
    },
    required: ["path", "mode"],
  };

  it("puts required args first in required order, then optional ones alphabetically with ?", () => {
    expect(orderedArgs(schema).map((a) => `${a.name} ${a.label}`)).toEqual([
      "path string",
      "mode enum<string>",
      "alpha integer?",
      "zeta string?",
    ]);
  });

  it("renders doc with args, required args, a call example and the result shape", () => {
    const t = {
      ...tool("open_file", "Open a\n  file   for reading", schema),
      outputSchema: { type: "object", properties: { size: { type: "integer" } } },
    };
    expect(renderDoc(t)).toBe(
      [
        "fs/open_file",
        "  Open a file for reading",
        "  Args: :path string :mode enum<string> :alpha integer? :zeta string?",
        "  Required: :path :mode",
        '  Call: (tool/call {:server "fs" :tool "open_file" :args {:path "..." :mode ...}})',
        "  Returns: {:ok true :value {:size integer}} or {:ok false :reason kw :message text}",
        "  Payload: Result<{:size integer}>",
      ].join("\n"),
    );
    expect(callExample(tool("noop", ""))).toBe('(tool/call {:server "fs" :tool "noop" :args {}})');
  });

  it("gives meta the schema and the ordered args as data", () => {
    const m = renderMeta(tool("open_file", "Open", schema));
    expect(m.ref).toBe("fs/open_file");
    expect(m.required).toEqual(["path", "mode"]);
    expect((m.args as { name: string }[]).map((a) => a.name)).toEqual(["path", "mode", "alpha", "zeta"]);
    expect(m.input_schema).toBe(schema);
  });
});

describe("apropos ranking", () => {
  it("splits camelCase, snake_case and kebab-case", () => {
    expect(tokenize("readTextFile list_dir get-PR HTTPServer")).toEqual([
      "read",
      "text",
      "file",
      "list",
      "dir",
      "get",
      "pr",
      "http",
      "server",
    ]);
  });

  it("scores exact > prefix > substring, boosts names, and breaks ties by server and tool", () => {
    const tools = [
      tool("write_file", "Write a file that you read later"),
      tool("read_text_file", "Read text"),
      tool("reader_stats", "Stats"),
      tool("spread", "Spread things"),
      tool("read_text_file", "Read text", { type: "object" }, "alt"),
    ];
    expect(rankTools("read", tools).map((r) => `${r.text.split(" - ")[0]} ${r.score}`)).toEqual([
      "alt/read_text_file 12",
      "fs/read_text_file 12",
      "fs/write_file 10",
      "fs/reader_stats 7",
      "fs/spread 4",
    ]);
    expect(rankTools("zzz", tools)).toEqual([]);
  });

  it("always offers a dir hint for an unloaded server", () => {
    expect(serverHint("read", "github", "GitHub issues").text).toBe(
      "github - tools not loaded yet; list them with (dir 'github)",
    );
  });
});

describe("catalog modes", () => {
  const small: DescribedServer[] = [
    {
      name: "fs",
      description: "Files",
      tools: [
        tool("read_file", "Read a file", {
          type: "object",
          properties: { path: { type: "string" } },
          required: ["path"],
        }),
      ],
    },
  ];
  const many: DescribedServer[] = [
    { name: "fs", description: "Files", tools: Array.from({ length: 9 }, (_, i) => tool(`t${i}`, "A tool")) },
  ];

  it("inlines a small fleet with tool lines and a doc example under auto", () => {
    const out = catalogText(small, { mode: "auto", maxTools: 8, maxChars: 800 });
    expect(out.mode).toBe("inline");
    expect(out.text).toContain("- fs: Files. 1 tool.\n  Tools:\n  - read_file - Read a file");
    expect(out.text).toContain("Example: (doc 'fs/read_file) prints\nfs/read_file");
    expect(out.text).toStartWith("Upstream tools: call one with (tool/call");
  });

  it("switches auto to lazy past the tool count or character thresholds", () => {
    expect(catalogText(many, { mode: "auto", maxTools: 8, maxChars: 800 }).mode).toBe("lazy");
    expect(catalogText(small, { mode: "auto", maxTools: 8, maxChars: 50 }).mode).toBe("lazy");
    expect(catalogText(many, { mode: "inline", maxTools: 8, maxChars: 10 }).mode).toBe("inline");
  });

  it("shortens, then drops, descriptions before giving up on inline", () => {
    const long: DescribedServer[] = [{ name: "fs", description: "Files", tools: [tool("read_file", "x".repeat(400))] }];
    const full = catalogText(long, { mode: "inline", maxTools: 8, maxChars: 800 }).text;
    // The threshold applies to the snapshot, not to the fixed discovery hint on the first line.
    const snapshot = full.length - full.indexOf("\n") - 1;
    const shortened = catalogText(long, { mode: "auto", maxTools: 8, maxChars: snapshot - 30 });
    expect(shortened.text).toContain(`  - read_file - ${"x".repeat(39)}…\n`);
    const bare = catalogText(long, { mode: "auto", maxTools: 8, maxChars: snapshot - 60 });
    expect(bare.mode).toBe("inline");
    expect(bare.text).toContain("  - read_file\n");
  });

  it("lists server names and counts in lazy mode, and falls back to lazy when a catalog is not loaded", () => {
    const out = catalogText(many, { mode: "lazy", maxTools: 8, maxChars: 800 });
    expect(out.text).toContain("Configured upstream servers (list their tools with dir): fs (9 tools) - Files.");
    const unloaded = catalogText([{ name: "gh", description: "", tools: null }], {
      mode: "inline",
      maxTools: 8,
      maxChars: 800,
    });
    expect(unloaded).toEqual({
      mode: "lazy",
      text: expect.stringContaining("servers (list their tools with dir): gh."),
    });
  });
});
