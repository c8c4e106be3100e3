/**
 * What a transport kept of the JSON-RPC frame a `tools/call` context arrived in, beside the decoded
 * context, so the worker can decode the context itself (issue #13, decisions 0017 and 0025) and the
 * main thread never re-serialises a context to ship it. Two forms:
 * - the frame's text, for a frame parsed whole: the worker parses it again and takes
 *   `params.arguments.context` (one string copy crosses to it);
 * - the context's own bytes, for a big `lisp_eval` frame the transport cut the context out of
 *   (context-span.ts): the SDK then parsed the frame with a placeholder object as its context
 *   ({@link CONTEXT_PLACEHOLDER}), and the bytes cross to the worker without a copy.
 * The transport records with {@link rememberFrameText} or {@link rememberContextText};
 * `lisp_eval` takes the entry back with {@link takeFrameText}. Entries are keyed weakly by the
 * decoded context (or placeholder) object, so one nobody takes back goes away with its message.
 */

import type { ContextText } from "../sandbox/index.ts";

/** A frame's text (or its cut-out context) and the frame's size in UTF-8 bytes (newline excluded). */
export type FrameText =
  | { readonly text: string; readonly bytes: number; readonly context?: undefined }
  | { readonly context: ContextText; readonly bytes: number; readonly text?: undefined };

const frames = new WeakMap<object, FrameText>();

/**
 * The one key of a placeholder: unguessable, so no client context can pass for one. Drawn from the
 * Web Crypto global: `node:crypto` (and the stream classes it loads) would cost `eval` a module load.
 */
const PLACEHOLDER_KEY = `ptc-context-cut-${crypto.randomUUID()}`;

/** The JSON text a transport puts where it cut a context out of a frame. */
export const CONTEXT_PLACEHOLDER = JSON.stringify({ [PLACEHOLDER_KEY]: 0 });

/** Whether `context` is a placeholder (its real context then lies in {@link takeFrameText}'s entry). */
export function isContextPlaceholder(context: object): boolean {
  return Object.hasOwn(context, PLACEHOLDER_KEY);
}

/** `params.arguments.context` of a `tools/call` request when it is a JSON object, else undefined. */
function contextOf(message: unknown): object | undefined {
  const m = message as { method?: unknown; params?: { arguments?: { context?: unknown } } } | null;
  if (m === null || typeof m !== "object" || m.method !== "tools/call") return undefined;
  const context = m.params?.arguments?.context;
  return typeof context === "object" && context !== null && !Array.isArray(context) ? context : undefined;
}

/**
 * Records `text` (the frame `message` was parsed from, `bytes` long in UTF-8) when `message` is a
 * `tools/call` request whose `params.arguments.context` is a JSON object, so that
 * `JSON.parse(text).params.arguments.context` decodes to an equal object. Anything else is ignored.
 */
export function rememberFrameText(message: unknown, text: string, bytes: number): void {
  const context = contextOf(message);
  if (context !== undefined) frames.set(context, { text, bytes });
}

/**
 * Records `context` as the real context of `message`, a `tools/call` parsed from a frame of
 * `bytes` UTF-8 bytes whose context was replaced by {@link CONTEXT_PLACEHOLDER}. Returns false (and
 * records nothing) when `message` has no such placeholder: the caller must then parse the whole frame.
 */
export function rememberContextText(message: unknown, context: ContextText, bytes: number): boolean {
  const placeholder = contextOf(message);
  if (placeholder === undefined || !isContextPlaceholder(placeholder)) return false;
  frames.set(placeholder, { context, bytes });
  return true;
}

/** The frame `context` was decoded from, once (the entry is removed); undefined when unknown. */
export function takeFrameText(context: object): FrameText | undefined {
  const f = frames.get(context);
  if (f !== undefined) frames.delete(context);
  return f;
}
