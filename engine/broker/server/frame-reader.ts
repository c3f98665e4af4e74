/**
 * Splits a TCP byte stream into Kafka frames (int32 size + payload). The size is checked against
 * the limit as soon as its four bytes arrive, before anything is buffered for the payload, so an
 * oversized or negative frame is refused without allocating. Chunks are kept by reference; a frame
 * is copied only when it spans chunks.
 */
export type FrameProblem = { reason: string };

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;

  constructor(private readonly maxFrameBytes: number) {}

  /** Adds bytes; returns the complete frames (payload only), or the problem that must close the connection. */
  push(chunk: Buffer): Buffer[] | FrameProblem {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < 4) break;
        const size = this.peekInt32();
        if (size < 0 || size > this.maxFrameBytes) {
          return { reason: `request frame of ${size} bytes is outside [0, ${this.maxFrameBytes}] (socket.request.max.bytes)` };
        }
        this.consume(4);
        this.expected = size;
      }
      if (this.buffered < this.expected) break;
      frames.push(this.consume(this.expected));
      this.expected = -1;
    }
    return frames;
  }

  get pendingBytes(): number {
    return this.buffered;
  }

  private peekInt32(): number {
    const first = this.chunks[0]!;
    if (first.length >= 4) return first.readInt32BE(0);
    return this.gather(4).readInt32BE(0);
  }

  /** The first `size` bytes as one Buffer, without consuming them. */
  private gather(size: number): Buffer {
    const out = Buffer.allocUnsafe(size);
    let written = 0;
    for (const chunk of this.chunks) {
      const take = Math.min(chunk.length, size - written);
      chunk.copy(out, written, 0, take);
      written += take;
      if (written === size) break;
    }
    return out;
  }

  private consume(size: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (first && first.length >= size) {
      out = first.subarray(0, size);
    } else {
      out = this.gather(size);
    }
    let remaining = size;
    while (remaining > 0) {
      const head = this.chunks[0]!;
      if (head.length <= remaining) {
        remaining -= head.length;
        this.chunks.shift();
      } else {
        this.chunks[0] = head.subarray(remaining);
        remaining = 0;
      }
    }
    this.buffered -= size;
    return out;
  }
}
