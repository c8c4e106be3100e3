/**
 * Results model, the printed table and the JSON files under bench/results/.
 */

import { cpus, platform, release, totalmem } from "node:os";
import { geomean, type Stats } from "./harness.ts";
import { QUICKJS_ENGINE } from "./quickjs.ts";

/** Outcome of one program. Ratios are PTC median / other median (higher = PTC slower). */
export interface ProgramResult {
  name: string;
  task: string;
  ok: boolean;
  /** Why the program was not timed (failure or disagreement). */
  error?: string;
  ptc?: Stats;
  native?: Stats;
  quickjs?: Stats;
  ptcOverNative?: number;
  ptcOverQuickjs?: number;
  /** ms to convert the program's JSON input to PTC-Lisp values (paid once per call, untimed above). */
  contextMs?: number;
  family?: string;
  size?: number;
}

/** Cold-start timings of the compiled binary, ms from spawn to answer. */
export interface ColdStartResult {
  binary: string;
  runs: number;
  version: { median: number; p90: number };
  /** `eval '(+ 1 2)'` until exit (absent in results stored before it was measured). */
  eval?: { median: number; p90: number };
  initialize: { median: number; p90: number };
}

/** Everything one `npm run bench` produced. */
export interface RunResults {
  date: string;
  machine: Record<string, string | number>;
  programs: ProgramResult[];
  geomean: { ptcOverNative: number; ptcOverQuickjs: number };
  /** Per family: median(largest) / median(smallest), per engine. */
  scaling: Record<string, { from: number; to: number; ptc: number; native: number; quickjs: number }>;
  coldStart?: ColdStartResult | null;
}

/** Host description stored with results so later runs know what they compare against. */
export function machineInfo(): Record<string, string | number> {
  const git = Bun.spawnSync(["git", "rev-parse", "--short", "HEAD"], { cwd: import.meta.dir });
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    bun: Bun.version,
    quickjs: QUICKJS_ENGINE,
    commit: git.stdout.toString().trim() || "unknown",
  };
}

/** Geometric means over the programs that ran. */
export function summarize(programs: ProgramResult[]): Pick<RunResults, "geomean" | "scaling"> {
  const ok = programs.filter((p) => p.ok);
  const scaling: RunResults["scaling"] = {};
  const families = new Set(ok.flatMap((p) => (p.family ? [p.family] : [])));
  for (const f of families) {
    const members = ok.filter((p) => p.family === f).sort((a, b) => (a.size ?? 0) - (b.size ?? 0));
    const lo = members[0];
    const hi = members[members.length - 1];
    if (!lo || !hi || lo === hi) continue;
    const r = (k: "ptc" | "native" | "quickjs"): number =>
      (hi[k]?.median ?? Number.NaN) / (lo[k]?.median ?? Number.NaN);
    scaling[f] = { from: lo.size ?? 0, to: hi.size ?? 0, ptc: r("ptc"), native: r("native"), quickjs: r("quickjs") };
  }
  return {
    geomean: {
      ptcOverNative: geomean(ok.map((p) => p.ptcOverNative ?? Number.NaN)),
      ptcOverQuickjs: geomean(ok.map((p) => p.ptcOverQuickjs ?? Number.NaN)),
    },
    scaling,
  };
}

/** Prints the results table (and a baseline comparison column when one is given). */
export function printReport(res: RunResults, baseline: RunResults | null): void {
  const base = new Map((baseline?.programs ?? []).map((p) => [p.name, p]));
  const head = ["program", "PTC ms", "native ms", "QuickJS ms", "PTC/native", "PTC/QuickJS", "ctx ms"];
  if (baseline) head.push("base PTC/native");
  const rows = res.programs.map((p) => {
    if (!p.ok) return [p.name, "FAILED", "", "", "", "", ""];
    const row = [
      p.name,
      ms(p.ptc?.median),
      ms(p.native?.median),
      ms(p.quickjs?.median),
      x(p.ptcOverNative),
      x(p.ptcOverQuickjs),
      p.contextMs && p.contextMs > 0.5 ? ms(p.contextMs) : "",
    ];
    if (baseline) row.push(x(base.get(p.name)?.ptcOverNative));
    return row;
  });
  rows.push(["geomean", "", "", "", x(res.geomean.ptcOverNative), x(res.geomean.ptcOverQuickjs), ""]);
  printTable(head, rows);
  for (const [f, s] of Object.entries(res.scaling)) {
    console.log(
      `scaling ${f} ${s.from}→${s.to} (×${s.to / s.from} data): PTC ×${s.ptc.toFixed(2)}, native ×${s.native.toFixed(2)}, QuickJS ×${s.quickjs.toFixed(2)}`,
    );
  }
  for (const p of res.programs.filter((q) => !q.ok)) console.log(`FAILED ${p.name}: ${p.error}`);
  if (baseline)
    console.log(`baseline: ${baseline.date} on ${baseline.machine.cpu} (commit ${baseline.machine.commit})`);
}

/** Prints cold-start numbers. */
export function printColdStart(c: ColdStartResult): void {
  console.log(`cold start (${c.binary}, ${c.runs} runs each, spawn → answer):`);
  console.log(`  version     median ${ms(c.version.median)} ms, p90 ${ms(c.version.p90)} ms`);
  if (c.eval) console.log(`  eval        median ${ms(c.eval.median)} ms, p90 ${ms(c.eval.p90)} ms`);
  console.log(`  initialize  median ${ms(c.initialize.median)} ms, p90 ${ms(c.initialize.p90)} ms`);
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

function ms(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return "-";
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
}

function x(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return "-";
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}×`;
}
