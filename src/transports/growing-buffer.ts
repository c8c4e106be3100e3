/**
 * A byte buffer that grows in place: a resizable `ArrayBuffer` reserved up front and committed as
 * it fills, so appending never copies what is already in it (the stdio transport gathers a large
 * line in one; decision 0025). The finished bytes own their buffer and may be moved to a worker,
 * which may move it back once it has read them ({@link SpareBuffer}, decision 0040): the next line
 * is then written into memory that is already resident.
 */

/** Most bytes a buffer may reserve (the engine refuses more; a JS string holds less anyway). */
export const MAX_RESERVED_BYTES = 2 ** 32;

/** How long a spare buffer is kept for the next line (ms); then it is dropped for the collector. */
export const SPARE_IDLE_MS = 5000;

/** Bytes appended in order into one resizable `ArrayBuffer`; {@link bytes} views them without a copy. */
export class GrowingBuffer {
  private readonly buffer: ArrayBuffer;
  private used = 0;

  /**
   * Reserves `reserve` bytes (at most {@link MAX_RESERVED_BYTES}) and commits `initial` of them;
   * or starts over in `reuse`, a buffer an earlier line used (its old bytes are never shown),
   * when it is resizable with that same reserve.
   */
  constructor(reserve: number, initial: number, reuse?: ArrayBuffer | null) {
    const max = Math.min(reserve, MAX_RESERVED_BYTES);
    this.buffer =
      reuse && !reuse.detached && reuse.resizable && reuse.maxByteLength === max
        ? reuse
        : new ArrayBuffer(Math.min(initial, max), { maxByteLength: max });
  }

  /** Appends `part`; false (and nothing appended) when it would pass the reserve. */
  append(part: Uint8Array): boolean {
    const need = this.used + part.length;
    const buffer = this.buffer;
    if (need > buffer.maxByteLength) return false;
    if (need > buffer.byteLength) buffer.resize(Math.min(buffer.maxByteLength, Math.max(need, 2 * buffer.byteLength)));
    new Uint8Array(buffer, this.used, part.length).set(part);
    this.used = need;
    return true;
  }

  /** The bytes appended so far, over the whole buffer's memory (append no more once this is taken). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer, 0, this.used);
  }
}

/**
 * At most one buffer handed back after its line was read (`ContextText.giveBack`), kept for the
 * next large line for {@link SPARE_IDLE_MS}. The buffer arrives moved from the worker that read
 * it, so no other thread can still see it.
 */
export class SpareBuffer {
  private buffer: ArrayBuffer | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Keeps `buffer` (replacing any other) until taken or idle too long. */
  readonly keep = (buffer: ArrayBuffer): void => {
    this.clear();
    this.buffer = buffer;
    this.timer = setTimeout(() => this.clear(), SPARE_IDLE_MS);
    this.timer.unref?.();
  };

  /** The kept buffer, now the caller's (null when there is none). */
  take(): ArrayBuffer | null {
    const buffer = this.buffer;
    this.clear();
    return buffer;
  }

  /** Drops the kept buffer. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = null;
  }
}
