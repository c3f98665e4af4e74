/**
 * Buffers whose memory belongs to their one holder: a storage read copies log bytes into an
 * ArrayBuffer of its own, which nothing else references once the read returns, and a sealed
 * RecordBatch owns the buffer its builder wrote it in; so a message port may transfer that memory
 * to another thread instead of copying it (port-codec.ts).
 *
 * Invariant: only memory that was allocated for one result, is not from Node's shared Buffer
 * pool, and is never read by its producer again may be marked. Whoever receives a marked buffer
 * and keeps using it after handing it to a port must not mark it (a transfer detaches it).
 */
const exclusive = new WeakSet<ArrayBufferLike>();

/** Marks `bytes`' memory as exclusively theirs when it is not pooled; returns `bytes`. */
export function markExclusive(bytes: Buffer): Buffer {
  // A pooled Buffer shares its ArrayBuffer (Node's 8 KiB slab) with others: its view is smaller.
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length && bytes.length > 0) exclusive.add(bytes.buffer);
  return bytes;
}

/** Marks memory its creator allocated for one result alone (say, a built batch's buffer). */
export function markExclusiveMemory(memory: ArrayBufferLike): void {
  exclusive.add(memory);
}

/** Whether `view`'s whole ArrayBuffer was marked exclusive (a view of part of it counts too). */
export function isExclusive(view: Uint8Array): boolean {
  return exclusive.has(view.buffer);
}
