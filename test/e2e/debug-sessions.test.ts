/**
 * `lisp_debug` records the session tools without their knowing (the one wrapper around
 * `registerTool`): the compiled binary over stdio with `--sessions --debug-tool`. Skipped while the
 * build has no `--sessions` flag (the session tools come from a parallel branch).
 */

import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FLAGS } from "../../src/config/index.ts";
import { type Served, serve } from "./helpers.ts";

type Json = Record<string, unknown>;

describe.skipIf(!("sessions" in FLAGS))("lisp_debug with --sessions", () => {
  let served: Served;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "ptc-e2e-debug-sessions-"));
    served = await serve(["--sessions", "--debug-tool", "--response-profile", "slim", "--data-dir", dir]);
  });
  afterAll(async () => {
    await served.close();
  });

  it("records session starts and evals, failures with their reason", async () => {
    const { client } = served;
    const started = await client.callTool({ name: "lisp_session_start", arguments: {} });
    const sessionId = (started.structuredContent as Json).session_id as string;
    await client.callTool({ name: "lisp_session_eval", arguments: { session_id: sessionId, program: "(def x 41)" } });
    await client.callTool({ name: "lisp_session_eval", arguments: { session_id: sessionId, program: "(inc x)" } });
    await client.callTool({ name: "lisp_session_eval", arguments: { session_id: sessionId, program: "(/ x 0)" } });
    const stats = (await client.callTool({ name: "lisp_debug", arguments: { op: "stats" } })).structuredContent as Json;
    expect(stats.by_tool).toMatchObject({
      lisp_session_start: { calls: 1, ok: 1 },
      lisp_session_eval: { calls: 3, ok: 2, error: 1 },
    });
    const recent = (await client.callTool({ name: "lisp_debug", arguments: { op: "recent", limit: 1 } }))
      .structuredContent as Json;
    const [last] = recent.records as Json[];
    expect(last).toMatchObject({ tool: "lisp_session_eval", status: "error", program: { preview: "(/ x 0)" } });
    expect(typeof last?.reason).toBe("string");
  });
});
