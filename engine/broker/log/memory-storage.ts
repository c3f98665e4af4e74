/**
 * `Storage` in memory, for tests and brokers without a data directory. Each file is a list of
 * chunks whose sizes double up to 4 MiB, so an append copies only its own bytes (amortized O(1),
 * no reallocation of what is already there, no 2× peak when a large file grows). Handles share the
 * file's data, so a deleted or renamed file stays readable through handles opened before, as on
 * POSIX.
 *
 * Chunks are SharedArrayBuffers, and `view` hands out stored bytes in place (Storage's contract):
 * a fetch for the stream threads then crosses to them without a copy on either side. Bytes a view
 * may show are never written again (see FileData).
 *
 * Crash simulation: every file remembers how many bytes its last `sync()` made durable, and
 * `crashCopy()` returns a new storage holding only those bytes — what a machine crash would leave.
 * The model is deliberately simple: creations, renames and deletions count as durable at once,
 * and an overwrite (`writeAt`) below the synced length counts as durable too.
 */
import { markExclusive } from '../../util/exclusive-bytes.js';
import type { Storage, StorageFile } from './storage.js';

export interface MemoryStorageOptions {
  /** Awaited by every fsync (file or directory); the default waits one macrotask, like real I/O. */
  syncDelay?: () => Promise<void>;
}

const MIN_CHUNK_BYTES = 4 * 1024;
const MAX_CHUNK_BYTES = 4 * 1024 * 1024;

/** Memory for a chunk: shared, so a view of it may cross to another thread as it is (port-codec.ts). */
function newChunk(size: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(size));
}

/**
 * The bytes of one file: consecutive chunks; `starts[i]` is the file position of `chunks[i]`.
 *
 * Invariant (Storage's `view` contract): a chunk's bytes below the file's length are never written
 * again. An overwrite of stored bytes and a truncation first move the chunks concerned to new
 * memory, so views handed out earlier keep reading what they read.
 */
class FileData {
  chunks: Buffer[] = [];
  starts: number[] = [];
  capacity = 0;
  length = 0;
  syncedLength = 0;

  read(position: number, length: number): Buffer {
    const end = Math.min(this.length, position + Math.max(0, length));
    if (end <= position) return Buffer.alloc(0);
    const out = Buffer.allocUnsafe(end - position);
    this.forRange(position, end, (chunk, at, done, n) => chunk.copy(out, done, at, at + n));
    return markExclusive(out);
  }

  /** The stored bytes [position, position + length) that lie in the chunk holding `position`. */
  view(position: number, length: number): Buffer {
    const end = Math.min(this.length, position + Math.max(0, length));
    if (end <= position) return Buffer.alloc(0);
    const i = this.chunkIndex(position);
    const chunk = this.chunks[i]!;
    const at = position - this.starts[i]!;
    return chunk.subarray(at, Math.min(chunk.length, at + end - position));
  }

  write(position: number, data: Buffer): void {
    if (data.length === 0 && position <= this.length) return;
    const end = position + data.length;
    if (position < this.length) this.moveToNewMemory(position, Math.min(end, this.length), this.length);
    this.reserve(end);
    if (position > this.length) this.zero(this.length, position);
    this.forRange(position, end, (chunk, at, done, n) => data.copy(chunk, at, done, done + n));
    if (end > this.length) this.length = end;
  }

  truncate(length: number): void {
    if (length < this.length) this.cut(length);
    else if (length > this.length) {
      this.reserve(length);
      this.zero(this.length, length);
    }
    this.length = length;
    this.syncedLength = Math.min(this.syncedLength, length);
  }

  /** Drops the chunks past `length` and moves the one it ends inside to new memory. */
  private cut(length: number): void {
    while (this.chunks.length > 0 && this.starts[this.chunks.length - 1]! >= length) {
      this.capacity -= this.chunks.pop()!.length;
      this.starts.pop();
    }
    const last = this.chunks.length - 1;
    if (last >= 0 && this.starts[last]! + this.chunks[last]!.length > length) this.moveToNewMemory(length - 1, length, length);
  }

  /** Replaces the chunks overlapping [from, to) by new memory holding their bytes below `keep`. */
  private moveToNewMemory(from: number, to: number, keep: number): void {
    for (let i = this.chunkIndex(from); i < this.chunks.length && this.starts[i]! < to; i++) {
      const old = this.chunks[i]!;
      const fresh = newChunk(old.length);
      old.copy(fresh, 0, 0, Math.max(0, Math.min(old.length, keep - this.starts[i]!)));
      this.chunks[i] = fresh;
    }
  }

  private zero(from: number, to: number): void {
    this.forRange(from, to, (chunk, at, _done, n) => chunk.fill(0, at, at + n));
  }

  private reserve(end: number): void {
    while (this.capacity < end) {
      const size = Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, this.capacity));
      this.starts.push(this.capacity);
      this.chunks.push(newChunk(size));
      this.capacity += size;
    }
  }

  /** Calls `visit(chunk, offsetInChunk, bytesDoneSoFar, bytes)` for each piece of [from, to). */
  private forRange(from: number, to: number, visit: (chunk: Buffer, at: number, done: number, n: number) => void): void {
    let i = this.chunkIndex(from);
    let position = from;
    while (position < to) {
      const chunk = this.chunks[i]!;
      const at = position - this.starts[i]!;
      const n = Math.min(chunk.length - at, to - position);
      visit(chunk, at, position - from, n);
      position += n;
      i++;
    }
  }

  private chunkIndex(position: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

const defaultDelay = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

class MemoryFile implements StorageFile {
  private closed = false;

  constructor(
    readonly name: string,
    private readonly data: FileData,
    private readonly owner: MemoryStorage,
  ) {}

  get size(): number {
    return this.data.length;
  }

  read(position: number, length: number): Buffer {
    this.check();
    return this.data.read(position, length);
  }

  view(position: number, length: number): Buffer {
    this.check();
    return this.data.view(position, length);
  }

  append(data: Buffer): void {
    this.writeAt(this.data.length, data);
  }

  writeAt(position: number, data: Buffer): void {
    this.check();
    this.data.write(position, data);
  }

  truncate(length: number): void {
    this.check();
    this.data.truncate(length);
  }

  async sync(): Promise<void> {
    this.check();
    const length = this.data.length;
    this.owner.fileSyncCount++;
    await this.owner.delay();
    this.data.syncedLength = Math.max(this.data.syncedLength, Math.min(length, this.data.length));
  }

  close(): void {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) throw new Error(`${this.name} is closed`);
  }
}

export class MemoryStorage implements Storage {
  readonly location: string;
  /** Number of file fsyncs so far (tests count group commits with it). */
  fileSyncCount = 0;
  /** Number of directory fsyncs so far. */
  directorySyncCount = 0;
  private files = new Map<string, FileData>();
  readonly delay: () => Promise<void>;

  constructor(options: MemoryStorageOptions & { location?: string } = {}) {
    this.location = options.location ?? 'memory';
    this.delay = options.syncDelay ?? defaultDelay;
  }

  list(): string[] {
    return [...this.files.keys()];
  }

  exists(name: string): boolean {
    return this.files.has(name);
  }

  open(name: string): StorageFile {
    let data = this.files.get(name);
    if (!data) {
      data = new FileData();
      this.files.set(name, data);
    }
    return new MemoryFile(name, data, this);
  }

  delete(name: string): void {
    this.files.delete(name);
  }

  rename(from: string, to: string): void {
    const data = this.files.get(from);
    if (!data) throw new Error(`cannot rename ${from} in ${this.location}: no such file`);
    this.files.delete(from);
    this.files.set(to, data);
  }

  async syncDirectory(): Promise<void> {
    this.directorySyncCount++;
    await this.delay();
  }

  destroy(): void {
    this.files.clear();
  }

  /** A copy of the whole file, or undefined if it does not exist (for tests). */
  contents(name: string): Buffer | undefined {
    return this.files.get(name)?.read(0, Number.MAX_SAFE_INTEGER);
  }

  /** What a machine crash now would leave: every file cut to its last synced length. */
  crashCopy(): MemoryStorage {
    const copy = new MemoryStorage({ location: this.location, syncDelay: this.delay });
    for (const [name, data] of this.files) {
      const survivor = new FileData();
      survivor.write(0, data.read(0, data.syncedLength));
      survivor.syncedLength = survivor.length;
      copy.files.set(name, survivor);
    }
    return copy;
  }
}
