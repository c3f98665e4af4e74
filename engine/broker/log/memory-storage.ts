/**
 * `Storage` in memory, for tests and brokers without a data directory. Each file is a growable
 * Buffer (capacity doubles, so appends are amortized O(1)); handles share the file's data, so a
 * deleted or renamed file stays readable through handles opened before, as on POSIX.
 *
 * Crash simulation: every file remembers how many bytes its last `sync()` made durable, and
 * `crashCopy()` returns a new storage holding only those bytes — what a machine crash would leave.
 * The model is deliberately simple: creations, renames and deletions count as durable at once,
 * and an overwrite (`writeAt`) below the synced length counts as durable too.
 */
import type { Storage, StorageFile } from './storage.js';

export interface MemoryStorageOptions {
  /** Awaited by every fsync (file or directory); the default waits one macrotask, like real I/O. */
  syncDelay?: () => Promise<void>;
}

interface FileData {
  buf: Buffer;
  length: number;
  syncedLength: number;
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
    const end = Math.min(this.data.length, position + Math.max(0, length));
    if (end <= position) return Buffer.alloc(0);
    return Buffer.from(this.data.buf.subarray(position, end));
  }

  append(data: Buffer): void {
    this.writeAt(this.data.length, data);
  }

  writeAt(position: number, data: Buffer): void {
    this.check();
    const end = position + data.length;
    this.ensureCapacity(end);
    if (position > this.data.length) this.data.buf.fill(0, this.data.length, position);
    data.copy(this.data.buf, position);
    if (end > this.data.length) this.data.length = end;
  }

  truncate(length: number): void {
    this.check();
    if (length > this.data.length) {
      this.ensureCapacity(length);
      this.data.buf.fill(0, this.data.length, length);
    }
    this.data.length = length;
    this.data.syncedLength = Math.min(this.data.syncedLength, length);
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

  private ensureCapacity(needed: number): void {
    if (needed <= this.data.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.data.buf.length * 2, 256));
    this.data.buf.copy(grown, 0, 0, this.data.length);
    this.data.buf = grown;
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
      data = { buf: Buffer.alloc(0), length: 0, syncedLength: 0 };
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
    const data = this.files.get(name);
    return data ? Buffer.from(data.buf.subarray(0, data.length)) : undefined;
  }

  /** What a machine crash now would leave: every file cut to its last synced length. */
  crashCopy(): MemoryStorage {
    const copy = new MemoryStorage({ location: this.location, syncDelay: this.delay });
    for (const [name, data] of this.files) {
      const buf = Buffer.from(data.buf.subarray(0, data.syncedLength));
      copy.files.set(name, { buf, length: buf.length, syncedLength: buf.length });
    }
    return copy;
  }
}
