/**
 * Timing harness. The variants of one program are sampled round-robin (A B C A B C …) so load
 * spikes on a noisy machine hit all of them alike and their ratios stay meaningful. Fast variants
 * run in batches so one sample is long enough for the clock; a sample is batch time / batch size.
 */

/** A named thing to time; `run` must do the whole measured work and return its result. */
export interface Timed {
  name: string;
  run: () => unknown;
}

/** Sampling bounds for one program. */
export interface SampleOptions {
  /** Minimum rounds (every variant sampled once per round). */
  minRounds: number;
  /** Maximum rounds. */
  maxRounds: number;
  /** Stop after this many ms of sampling once `minRounds` are done. */
  budgetMs: number;
  /** Fast variants are batched until one sample takes at least this many ms. */
  minSampleMs: number;
}

/** Defaults: bounded so the whole suite stays within a few minutes on a 2-core machine. */
export const DEFAULT_SAMPLING: SampleOptions = { minRounds: 5, maxRounds: 40, budgetMs: 6000, minSampleMs: 20 };

/** Summary of one variant's samples, in ms per run. */
export interface Stats {
  median: number;
  min: number;
  /** 90th percentile of the samples. */
  p90: number;
  /** Number of samples (each possibly a batch). */
  samples: number;
  /** Runs per sample. */
  batch: number;
}

/** Times each variant; returns stats keyed by variant name. Runs each variant once first to warm up. */
export function sample(variants: Timed[], opts: SampleOptions = DEFAULT_SAMPLING): Record<string, Stats> {
  const batches = variants.map((v) => calibrate(v, opts.minSampleMs));
  const times: number[][] = variants.map(() => []);
  const start = performance.now();
  for (let round = 0; round < opts.maxRounds; round++) {
    if (round >= opts.minRounds && performance.now() - start > opts.budgetMs) break;
    variants.forEach((v, i) => {
      const batch = batches[i] ?? 1;
      const t0 = performance.now();
      for (let k = 0; k < batch; k++) v.run();
      times[i]?.push((performance.now() - t0) / batch);
    });
  }
  const out: Record<string, Stats> = {};
  variants.forEach((v, i) => {
    out[v.name] = summarize(times[i] ?? [], batches[i] ?? 1);
  });
  return out;
}

/** Warms a variant up and picks how many runs make one sample of at least `minSampleMs`. */
function calibrate(v: Timed, minSampleMs: number): number {
  const t0 = performance.now();
  v.run();
  let once = performance.now() - t0;
  if (once < minSampleMs) {
    // A second timed run after JIT warm-up gives a better per-run estimate for fast variants.
    const t1 = performance.now();
    v.run();
    once = Math.max(performance.now() - t1, 0.001);
  }
  return Math.max(1, Math.min(10_000, Math.ceil(minSampleMs / once)));
}

/** Median, min and p90 of `xs`. */
export function summarize(xs: number[], batch: number): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? Number.NaN;
  const mid = s.length >> 1;
  const median = s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  return { median, min: s[0] ?? Number.NaN, p90: at(0.9), samples: s.length, batch };
}

/** Geometric mean of positive numbers (NaN when empty). */
export function geomean(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  return Math.exp(xs.reduce((acc, x) => acc + Math.log(x), 0) / xs.length);
}
