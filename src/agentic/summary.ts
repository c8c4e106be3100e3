/**
 * The capability summary (agentic-mode.md "Capability summary"): a compact text naming what the
 * upstreams offer, generated at boot from the frozen catalog and capped by
 * `--agentic-capability-summary-max-bytes`. `lisp_task` advertises it instead of the full
 * authoring catalog, and the planner prompt carries it too. Every string has been scrubbed by the
 * redactor before it gets here; the caller scrubs the result again.
 *
 * Shape, cut to the byte cap:
 *
 *     Upstream servers (call with tool/call):
 *     - fs (14 tools) - Project files: read_text_file, list_directory, write_file*, … +9 more
 *
 * A `*` marks a tool that is not annotated read-only (write-capable or unknown effect).
 */

import { createHash } from "node:crypto";
import type { CatalogTool } from "../upstream/index.ts";
import { effectOfAnnotations } from "./effects.ts";

/** A server as the summary sees it. */
export interface SummaryServer {
  readonly name: string;
  readonly description: string;
  readonly tools: readonly CatalogTool[];
}

const HEADER = "Upstream servers (call with tool/call; * = may write or effect unknown):";

/**
 * Generates the summary of `servers` within `maxBytes` UTF-8 bytes. Every server gets its line
 * first (descriptions are dropped when the lines do not fit with them, then servers are cut with
 * a note); tool names fill the bytes left, server by server, each list ending in `… +N more`
 * when cut.
 */
export function capabilitySummary(servers: readonly SummaryServer[], maxBytes: number): string {
  if (servers.length === 0) return "No upstream servers are configured.";
  const withDesc = servers.map((s) => head(s, true));
  const plain = servers.map((s) => head(s, false));
  const fits = (heads: string[]) => bytes(HEADER) + heads.reduce((n, h) => n + 1 + bytes(h), 0) <= maxBytes;
  let heads = fits(withDesc) ? withDesc : plain;
  let shown = servers.length;
  let note = "";
  while (shown > 0 && !fits(note === "" ? heads : [...heads, note])) {
    shown--;
    heads = heads.slice(0, shown);
    const hidden = servers.length - shown;
    note = `- … ${hidden} more server${hidden === 1 ? "" : "s"}; (tool/servers) lists them`;
  }
  let left =
    maxBytes - bytes(HEADER) - heads.reduce((n, h) => n + 1 + bytes(h), 0) - (note === "" ? 0 : 1 + bytes(note));
  const lines = heads.map((h, i) => {
    const names = (servers[i] as SummaryServer).tools.map((t) =>
      effectOfAnnotations(t.annotations) === "read" ? t.name : `${t.name}*`,
    );
    let line = h;
    let sep = ": ";
    for (let j = 0; j < names.length; j++) {
      const piece = sep + names[j];
      const remaining = names.length - j - 1;
      // Keep room for the "+N more" note in case a later name does not fit.
      const reserve = remaining > 0 ? bytes(`, … +${remaining} more`) : 0;
      if (bytes(piece) + reserve > left) {
        const more = `${sep}… +${names.length - j} more`;
        if (bytes(more) <= left) {
          line += more;
          left -= bytes(more);
        }
        break;
      }
      line += piece;
      left -= bytes(piece);
      sep = ", ";
    }
    return line;
  });
  return capBytes([HEADER, ...lines, ...(note === "" ? [] : [note])].join("\n"), maxBytes);
}

function head(s: SummaryServer, withDescription: boolean): string {
  const count = `${s.tools.length} tool${s.tools.length === 1 ? "" : "s"}`;
  return `- ${s.name} (${count})${withDescription ? describe(s.description) : ""}`;
}

/** `{bytes, sha256}` of a summary: all that is ever logged of it. */
export function summaryFingerprint(text: string): { bytes: number; sha256: string } {
  return { bytes: bytes(text), sha256: createHash("sha256").update(text).digest("hex") };
}

/** The longest prefix of `text` within `max` bytes, never splitting a character. */
export function capBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  const cut = new TextDecoder().decode(new TextEncoder().encode(text).subarray(0, max));
  return cut.replace(/\uFFFD$/, "");
}

function describe(description: string): string {
  const one = description.replace(/\s+/g, " ").trim();
  if (one === "") return "";
  return ` - ${one.length > 60 ? `${one.slice(0, 59)}…` : one}`;
}

function bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
