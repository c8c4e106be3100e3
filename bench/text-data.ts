/**
 * Deterministic text inputs for the string- and regex-heavy benchmarks: log lines, prose, CSV and
 * messy names, all generated from fixed seeds (generation is never timed).
 */

import { mulberry32 } from "./data.ts";

const LEVELS = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"];
const ACTIONS = ["login", "logout", "search", "checkout", "view", "export"];
const WORDS = [
  "the",
  "quick",
  "brown",
  "fox",
  "jumps",
  "over",
  "lazy",
  "dog",
  "data",
  "tool",
  "call",
  "result",
  "order",
  "paid",
  "region",
  "north",
  "south",
  "value",
  "stream",
  "batch",
  "window",
  "cache",
  "retry",
  "error",
  "warning",
  "agent",
  "model",
  "token",
  "budget",
  "limit",
  "queue",
  "worker",
  "status",
];
const CITIES = ["Oslo", "Lima", "Pune", "Kyiv", "Bern", "Rome", "Lyon", "Graz"];
const FIRST = ["ada", "ALAN", "Grace", "edsger", "Barbara", "donald", "Ken", "leslie", "Radia", "tim"];
const LAST = [
  "Lovelace",
  "turing",
  "HOPPER",
  "Dijkstra",
  "liskov",
  "Knuth",
  "thompson",
  "Lamport",
  "perlman",
  "Berners-Lee",
];

const two = (n: number): string => String(n).padStart(2, "0");

/** `n` log lines like `2024-03-05T12:34:56Z WARN user=u17 action=view ms=42`. */
export function logLines(n: number, seed = 7): string[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  return Array.from({ length: n }, () => {
    const ts = `2024-03-${two(1 + Math.floor(rnd() * 28))}T${two(Math.floor(rnd() * 24))}:${two(Math.floor(rnd() * 60))}:${two(Math.floor(rnd() * 60))}Z`;
    return `${ts} ${pick(LEVELS)} user=u${Math.floor(rnd() * 300)} action=${pick(ACTIONS)} ms=${Math.floor(rnd() * 2000)}`;
  });
}

/** Prose of `n` words with capitals and punctuation. */
export function prose(n: number, seed = 11): string {
  const rnd = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = WORDS[Math.floor(rnd() * WORDS.length)] as string;
    if (rnd() < 0.1) w = w[0]?.toUpperCase() + w.slice(1);
    out.push(w + (rnd() < 0.08 ? "," : rnd() < 0.05 ? "." : ""));
  }
  return out.join(" ");
}

/** CSV text with a header and `n` rows `id,name,city,amount`, fields sometimes padded with spaces. */
export function csv(n: number, seed = 13): string {
  const rnd = mulberry32(seed);
  const rows = ["id,name,city,amount"];
  for (let i = 0; i < n; i++) {
    const pad = rnd() < 0.3 ? " " : "";
    const city = CITIES[Math.floor(rnd() * CITIES.length)] as string;
    rows.push(`${i},${FIRST[Math.floor(rnd() * FIRST.length)]},${pad}${city}${pad},${(rnd() * 1000).toFixed(2)}`);
  }
  return rows.join("\n");
}

/** `n` messy full names: odd casing and stray spaces around them. */
export function messyNames(n: number, seed = 17): string[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const pad = " ".repeat(Math.floor(rnd() * 3));
    return `${pad}${FIRST[Math.floor(rnd() * FIRST.length)]} ${LAST[Math.floor(rnd() * LAST.length)]}${pad}`;
  });
}
