/**
 * Common machinery of the two sparse segment indexes: fixed-size big-endian entries kept in a
 * growable in-memory Buffer in exactly their on-disk layout, and written to the index file in
 * chunks — `flush()` appends the entries added since the last flush with one write.
 *
 * Invariants: the file holds the first `flushedCount` in-memory entries, byte for byte; entries
 * are only ever added at the end (or all replaced by `rewrite`). The file handle is opened on
 * demand and can be released, so inactive segments do not hold index file descriptors.
 */
import type { Storage, StorageFile } from './storage.js';

/** Pending entries are written as soon as they fill this many bytes, and on every flush. */
const FLUSH_CHUNK_BYTES = 64 * 1024;

export abstract class IndexFile {
  protected buf: Buffer;
  protected count = 0;
  private flushedCount = 0;
  private file: StorageFile | undefined;

  protected constructor(
    private readonly storage: Storage,
    public fileName: string,
    readonly baseOffset: number,
    readonly entrySize: number,
  ) {
    this.buf = Buffer.allocUnsafe(entrySize * 64);
  }

  get entries(): number {
    return this.count;
  }

  get sizeBytes(): number {
    return this.count * this.entrySize;
  }

  /** Reads the whole file into memory; returns a reason if its size is not whole entries. */
  load(): string | undefined {
    const file = this.handle();
    const data = file.read(0, file.size);
    this.buf = data.length > 0 ? data : Buffer.allocUnsafe(this.entrySize * 64);
    this.count = Math.floor(data.length / this.entrySize);
    this.flushedCount = this.count;
    if (data.length % this.entrySize !== 0) {
      return `size ${data.length} is not a multiple of the ${this.entrySize}-byte entry`;
    }
    return undefined;
  }

  /** Forgets every entry (the file is replaced at the next `rewrite`). */
  clear(): void {
    this.count = 0;
    this.flushedCount = 0;
  }

  /** Appends the entries added since the last flush to the file. */
  flush(): void {
    if (this.flushedCount === this.count) return;
    const file = this.handle();
    if (file.size !== this.flushedCount * this.entrySize) {
      this.rewrite();
      return;
    }
    file.append(this.buf.subarray(this.flushedCount * this.entrySize, this.count * this.entrySize));
    this.flushedCount = this.count;
  }

  /** Replaces the file's content with the in-memory entries. */
  rewrite(): void {
    const file = this.handle();
    file.truncate(0);
    if (this.count > 0) file.append(this.buf.subarray(0, this.count * this.entrySize));
    this.flushedCount = this.count;
  }

  async sync(): Promise<void> {
    this.flush();
    await this.handle().sync();
  }

  /** Closes the file handle; the next write or sync reopens it. */
  release(): void {
    this.file?.close();
    this.file = undefined;
  }

  /** Byte position for a new entry at the end, growing the buffer as needed; then `commit()`. */
  protected reserve(): number {
    const at = this.count * this.entrySize;
    if (at + this.entrySize > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.entrySize * 64));
      this.buf.copy(grown, 0, 0, at);
      this.buf = grown;
    }
    return at;
  }

  /** Counts the entry just written at `reserve()`'s position; writes a full chunk through. */
  protected commit(): void {
    this.count++;
    if ((this.count - this.flushedCount) * this.entrySize >= FLUSH_CHUNK_BYTES) this.flush();
  }

  private handle(): StorageFile {
    this.file ??= this.storage.open(this.fileName);
    return this.file;
  }
}
