/**
 * Stateful sessions over stdio (issue #11), the compiled binary driven by the SDK client:
 * - a trivial program through `lisp_session_eval` beside the same program through `lisp_eval`,
 *   calls interleaved so noise hits both alike (target: session p50 within 1.3x);
 * - what persisting a 200-binding, ~1 MiB session costs per eval: a trivial eval in that session
 *   (nothing rewritten), an eval that rewrites one 5 KB binding, and one that rewrites all 200
 *   (the whole ~1 MiB re-encoded and written), each beside a trivial eval in an empty session.
 *
 *   bun bench/sessions.ts [--quick]      (needs `bun build.ts` first)
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const BINARY = join(import.meta.dir, "..", "dist", "ptc-mcp");
const BINDINGS = 200;
const BINDING_CHARS = 5000;

type Call = () => Promise<unknown>;

function p50(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Runs `a` and `b` alternately `rounds` times; returns their p50s in ms. */
async function interleaved(a: Call, b: Call, rounds: number): Promise<[number, number]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < Math.min(50, rounds); i++) {
    await a();
    await b();
  }
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await a();
    ta.push(performance.now() - t);
    t = performance.now();
    await b();
    tb.push(performance.now() - t);
  }
  return [p50(ta), p50(tb)];
}

async function main(): Promise<void> {
  const quick = Bun.argv.includes("--quick");
  const rounds = quick ? 300 : 1500;
  const heavyRounds = quick ? 20 : 60;
  const dir = mkdtempSync(join(tmpdir(), "ptc-bench-sessions-"));
  const client = new Client({ name: "bench-sessions", version: "1" });
  await client.connect(
    new StdioClientTransport({ command: BINARY, args: ["start", "--sessions", "--data-dir", dir], stderr: "ignore" }),
  );
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { text: string }[] };
    if (r.isError) throw new Error(`${name}: ${r.content[0]?.text}`);
    return r;
  };
  const start = async () =>
    ((await call("lisp_session_start", {})) as unknown as { structuredContent: { session_id: string } })
      .structuredContent.session_id;
  try {
    const empty = await start();
    const evalTrivial = () => call("lisp_eval", { program: "(+ 1 2)" });
    const sessionTrivial = (id: string) => () => call("lisp_session_eval", { session_id: id, program: "(+ 1 2)" });

    const [lispEval, sessionEval] = await interleaved(evalTrivial, sessionTrivial(empty), rounds);
    console.log(`trivial (+ 1 2), p50 over ${rounds} calls each:`);
    console.log(`  lisp_eval          ${lispEval.toFixed(3)} ms`);
    console.log(`  lisp_session_eval  ${sessionEval.toFixed(3)} ms  (${(sessionEval / lispEval).toFixed(2)}x)`);

    const big = await start();
    const names = Array.from({ length: BINDINGS }, (_, i) => `b${i}`);
    for (let i = 0; i < BINDINGS; i += 10) {
      const defs = names
        .slice(i, i + 10)
        .map((n) => `(def ${n} (apply str (repeat ${BINDING_CHARS} "${n.slice(-1)}")))`)
        .join(" ");
      await call("lisp_session_eval", { session_id: big, program: defs });
    }
    const info = (await call("lisp_session_list", {})) as unknown as {
      structuredContent: { sessions: { session_id: string; memory_bytes: number; binding_count: number }[] };
    };
    const row = info.structuredContent.sessions.find((s) => s.session_id === big);
    console.log(`\nsession of ${row?.binding_count} bindings, ${row?.memory_bytes} bytes stored:`);

    const [inEmpty, inBig] = await interleaved(sessionTrivial(empty), sessionTrivial(big), rounds);
    console.log(`  trivial eval, empty session   ${inEmpty.toFixed(3)} ms`);
    console.log(`  trivial eval, 1 MiB session   ${inBig.toFixed(3)} ms  (+${(inBig - inEmpty).toFixed(3)} ms)`);

    const rewriteOne = () =>
      call("lisp_session_eval", { session_id: big, program: '(def b0 (apply str (repeat 5000 "z")))' });
    const [, one] = await interleaved(sessionTrivial(empty), rewriteOne, heavyRounds * 4);
    console.log(`  rewrite 1 binding (5 KB)      ${one.toFixed(3)} ms`);

    const all = names.map((n) => `(def ${n} (str ${n}))`).join(" ");
    const rewriteAll = () => call("lisp_session_eval", { session_id: big, program: all });
    const [base, full] = await interleaved(sessionTrivial(empty), rewriteAll, heavyRounds);
    console.log(
      `  rewrite all 200 (~1 MiB)      ${full.toFixed(3)} ms  (+${(full - base).toFixed(3)} ms over trivial)`,
    );
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
