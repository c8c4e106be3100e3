/**
 * A byte buffer that grows in place: a resizable `ArrayBuffer` reserved up front and committed as
 * it fills, so appending never copies what is already in it (the stdio transport gathers a large
 * line in one; decision 0025). The finished bytes own their buffer and may be moved to a worker.
 */

/** Most bytes a buffer may reserve (the engine refuses more; a JS string holds less anyway). */
export const MAX_RESERVED_BYTES = 2 ** 32;

/** Bytes appended in order into one resizable `ArrayBuffer`; {@link bytes} views them without a copy. */
export class GrowingBuffer {
  private readonly buffer: ArrayBuffer;
  private used = 0;

  /** Reserves `reserve` bytes (at most {@link MAX_RESERVED_BYTES}) and commits `initial` of them. */
  constructor(reserve: number, initial: number) {
    const max = Math.min(reserve, MAX_RESERVED_BYTES);
    this.buffer = new ArrayBuffer(Math.min(initial, max), { maxByteLength: max });
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
