/**
 * The JSON-RPC frame a `tools/call` context arrived in, kept beside the decoded context so the
 * worker can decode the context from that text itself (issue #13, decision 0017): the main thread
 * then never re-serialises a context to ship it, and the text crosses to the worker as one string
 * copy. The transport that parsed the frame records it with {@link rememberFrameText}; `lisp_eval`
 * takes it back with {@link takeFrameText}. Entries are keyed weakly by the decoded context object,
 * so a frame nobody takes back goes away with its message.
 */

/** A frame's text and its size in UTF-8 bytes (newline excluded). */
export interface FrameText {
  readonly text: string;
  readonly bytes: number;
}

const frames = new WeakMap<object, FrameText>();

/**
 * Records `text` (the frame `message` was parsed from, `bytes` long in UTF-8) when `message` is a
 * `tools/call` request whose `params.arguments.context` is a JSON object, so that
 * `JSON.parse(text).params.arguments.context` decodes to an equal object. Anything else is ignored.
 */
export function rememberFrameText(message: unknown, text: string, bytes: number): void {
  const m = message as { method?: unknown; params?: { arguments?: { context?: unknown } } } | null;
  if (m === null || typeof m !== "object" || m.method !== "tools/call") return;
  const context = m.params?.arguments?.context;
  if (typeof context !== "object" || context === null || Array.isArray(context)) return;
  frames.set(context, { text, bytes });
}

/** The frame `context` was decoded from, once (the entry is removed); undefined when unknown. */
export function takeFrameText(context: object): FrameText | undefined {
  const f = frames.get(context);
  if (f !== undefined) frames.delete(context);
  return f;
}
