/**
 * The storage seam of the partition log: one `Storage` is one partition directory of flat files,
 * and the same log code runs on it whether it is a real directory (`FileStorage`) or memory
 * (`MemoryStorage`, for tests and throwaway brokers).
 *
 * Contract, which both implementations keep:
 * - Writes are synchronous and immediately visible to reads of any handle of the same file.
 *   Durability is separate: `StorageFile.sync()` makes a file's bytes durable, and
 *   `Storage.syncDirectory()` makes file creations, renames and deletions durable.
 * - `read` returns a fresh Buffer the caller owns; it is shorter than asked only at end of file.
 * - `append` writes at the current end (tracked by the handle), `writeAt` overwrites in place;
 *   `size` is always the file's length in bytes.
 * - A deleted or renamed file stays readable through handles opened before (POSIX unlink).
 * - `view`, where a storage has it, hands out the stored bytes themselves, not a copy. The storage
 *   never changes memory it may have handed out: bytes once below a file's length stay as they were
 *   in that memory (an overwrite or a truncation moves the file to new memory), so a view reads
 *   the same bytes for as long as it is held. It is writable memory all the same: the engine only
 *   reads it and never lets it reach user code (see FetchOptions.shareLogMemory).
 */
export interface StorageFile {
  readonly name: string;
  readonly size: number;
  /** Up to `length` bytes from `position`; fewer only at the end of the file. */
  read(position: number, length: number): Buffer;
  /**
   * Optional: the stored bytes from `position` without copying them: up to `length`, as many as
   * lie in one piece of the storage's memory (at least one while `position` is inside the file).
   * Read only (see above).
   */
  view?(position: number, length: number): Buffer;
  append(data: Buffer): void;
  writeAt(position: number, data: Buffer): void;
  truncate(length: number): void;
  /** fsync: everything written to this file so far is durable when this resolves. */
  sync(): Promise<void>;
  close(): void;
}

export interface Storage {
  /** A description for messages, e.g. the directory path. */
  readonly location: string;
  /** Names of the files in the directory, in no particular order. */
  list(): string[];
  exists(name: string): boolean;
  /** Opens a file for reading and writing, creating it empty if it is missing. */
  open(name: string): StorageFile;
  /** Removes a file; a missing file is not an error. */
  delete(name: string): void;
  /** Renames a file, replacing `to` if it exists. */
  rename(from: string, to: string): void;
  /** Makes creations, renames and deletions so far durable (fsync of the directory). */
  syncDirectory(): Promise<void>;
  /** Removes every file and the directory itself. The storage may be used again afterwards. */
  destroy(): void;
}

export { FileStorage } from './file-storage.js';
export { MemoryStorage, type MemoryStorageOptions } from './memory-storage.js';
