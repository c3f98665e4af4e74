/**
 * `Storage` on a real directory with node:fs. Reads and writes are synchronous positional
 * syscalls (the log's hot paths stay synchronous); only fsyncs are asynchronous.
 *
 * Invariants: each handle keeps the file size itself, so `append` is one `pwrite` at the end
 * (files are opened read-write rather than O_APPEND because Linux ignores positions in append
 * mode, and `writeAt` needs them). Creating, renaming or deleting a file marks the directory
 * dirty; `syncDirectory` then fsyncs the directory once.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { markExclusive } from '../../util/exclusive-bytes.js';
import type { Storage, StorageFile } from './storage.js';

function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
}

class FileStorageFile implements StorageFile {
  private fd: number;
  private length: number;

  constructor(
    readonly name: string,
    path: string,
  ) {
    this.fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    this.length = fs.fstatSync(this.fd).size;
  }

  get size(): number {
    return this.length;
  }

  read(position: number, length: number): Buffer {
    const wanted = Math.max(0, Math.min(length, this.length - position));
    const buf = Buffer.allocUnsafe(wanted);
    let done = 0;
    while (done < wanted) {
      const n = fs.readSync(this.openFd(), buf, done, wanted - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done === wanted ? markExclusive(buf) : buf.subarray(0, done);
  }

  append(data: Buffer): void {
    this.writeAt(this.length, data);
  }

  writeAt(position: number, data: Buffer): void {
    const fd = this.openFd();
    let done = 0;
    while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done, position + done);
    if (position + data.length > this.length) this.length = position + data.length;
  }

  truncate(length: number): void {
    fs.ftruncateSync(this.openFd(), length);
    this.length = length;
  }

  sync(): Promise<void> {
    return fsyncFd(this.openFd());
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  private openFd(): number {
    if (this.fd < 0) throw new Error(`${this.name} is closed`);
    return this.fd;
  }
}

export class FileStorage implements Storage {
  private directoryDirty = false;

  /** Uses the directory at `path`, creating it (and its parents) if needed. */
  constructor(readonly location: string) {
    fs.mkdirSync(location, { recursive: true });
  }

  list(): string[] {
    if (!fs.existsSync(this.location)) return [];
    return fs
      .readdirSync(this.location, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  }

  exists(name: string): boolean {
    return fs.existsSync(join(this.location, name));
  }

  open(name: string): StorageFile {
    const path = join(this.location, name);
    if (!fs.existsSync(path)) {
      fs.mkdirSync(this.location, { recursive: true });
      this.directoryDirty = true;
    }
    return new FileStorageFile(name, path);
  }

  delete(name: string): void {
    fs.rmSync(join(this.location, name), { force: true });
    this.directoryDirty = true;
  }

  rename(from: string, to: string): void {
    fs.renameSync(join(this.location, from), join(this.location, to));
    this.directoryDirty = true;
  }

  async syncDirectory(): Promise<void> {
    if (!this.directoryDirty) return;
    this.directoryDirty = false;
    // Windows cannot open a directory for fsync; NTFS journals metadata, so there is nothing to do.
    if (process.platform === 'win32') return;
    const fd = fs.openSync(this.location, 'r');
    try {
      await fsyncFd(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  destroy(): void {
    fs.rmSync(this.location, { recursive: true, force: true });
    this.directoryDirty = false;
  }
}
