/**
 * Client-facing output limits of each response profile (mcp-server-configuration.md
 * "Client-facing output limits"). They are tied to the profile, not separate flags.
 */

import type { ResponseProfile } from "../../config/index.ts";

/** The limits one profile applies before a result leaves the server. */
export interface OutputLimits {
  /** Most `println` lines kept. */
  readonly maxPrintLines: number;
  /** Most bytes of prints kept, measured as the JSON-encoded list. */
  readonly maxPrintBytes: number;
  /** Most bytes of `feedback` text. */
  readonly maxFeedbackBytes: number;
  /** Largest JSON-encoded value kept exactly under `validated`; 0 = never (slim). */
  readonly maxValidatedBytes: number;
  /** Characters of `validated_preview` when the exact value is left out. */
  readonly previewChars: number;
  /** Most bytes of the readable `result` text. */
  readonly maxResultBytes: number;
  /** Final guard on the whole serialised tool result. */
  readonly maxEnvelopeBytes: number;
}

const KIB = 1024;

/** Limits by profile. */
export const OUTPUT_LIMITS: Readonly<Record<ResponseProfile, OutputLimits>> = {
  slim: {
    maxPrintLines: 20,
    maxPrintBytes: 8 * KIB,
    maxFeedbackBytes: 8 * KIB,
    maxValidatedBytes: 0,
    previewChars: 512,
    maxResultBytes: 32 * KIB,
    maxEnvelopeBytes: 32 * KIB,
  },
  structured: {
    maxPrintLines: 50,
    maxPrintBytes: 16 * KIB,
    maxFeedbackBytes: 16 * KIB,
    maxValidatedBytes: 32 * KIB,
    previewChars: 1024,
    maxResultBytes: 24 * KIB,
    maxEnvelopeBytes: 96 * KIB,
  },
  debug: {
    maxPrintLines: 200,
    maxPrintBytes: 64 * KIB,
    maxFeedbackBytes: 64 * KIB,
    maxValidatedBytes: 128 * KIB,
    previewChars: 2048,
    maxResultBytes: 96 * KIB,
    maxEnvelopeBytes: 512 * KIB,
  },
};

/** UTF-8 length of `s`. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** The longest prefix of `s` within `max` bytes, never splitting a character; `cut` says whether anything was dropped. */
export function takeBytes(s: string, max: number): { text: string; cut: boolean } {
  if (byteLength(s) <= max) return { text: s, cut: false };
  const bytes = new TextEncoder().encode(s).subarray(0, Math.max(0, max));
  return { text: new TextDecoder().decode(bytes).replace(/\uFFFD$/, ""), cut: true };
}

/** The first lines of `lines` within `maxLines` and `maxBytes` (JSON-encoded list size). */
export function capLines(
  lines: readonly string[],
  maxLines: number,
  maxBytes: number,
): { kept: string[]; cut: boolean } {
  const kept: string[] = [];
  let size = 2;
  for (const line of lines) {
    if (kept.length === maxLines) break;
    const add = byteLength(JSON.stringify(line)) + (kept.length > 0 ? 1 : 0);
    if (size + add > maxBytes) break;
    kept.push(line);
    size += add;
  }
  return { kept, cut: kept.length < lines.length };
}
