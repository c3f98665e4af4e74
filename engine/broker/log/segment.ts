/**
 * One segment of a partition log: the `.log` file of batches exactly as on the wire, its sparse
 * offset index and time index, and what the log needs to know about it without rescanning
 * (next offset, largest timestamp, bytes since the last index entry).
 *
 * Invariants:
 * - Batches in the file have strictly increasing offsets, all >= `baseOffset` and < `limitOffset`
 *   (the next segment's base offset; +Infinity for the active segment).
 * - Index entries are added by `indexBatch`, in file order, for every batch written, so the
 *   in-memory indexes of the active segment always describe the whole file; `seal()` adds the
 *   final time index entry when the segment stops being active.
 * - Indexes of an inactive segment are loaded lazily, checked, and rebuilt from the log when
 *   missing or damaged (the `.log` file is the source of truth; indexes are derived data).
 */
import { MAGIC_V2, hasValidCrc } from '../records/batch-header.js';
import { BatchScanner } from './batch-scanner.js';
import type { LogConfig } from './log-config.js';
import { OffsetIndex } from './offset-index.js';
import { INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX, segmentFileName } from './segment-files.js';
import type { Storage, StorageFile } from './storage.js';
import { TimeIndex } from './time-index.js';

/** What a segment needs from the log it belongs to. */
export interface LogContext {
  readonly storage: Storage;
  /** The partition's name for messages, e.g. "orders-0". */
  readonly name: string;
  readonly config: LogConfig;
  warn(message: string): void;
}

export interface ScanResult {
  /** Bytes of valid batches from the start of the file. */
  validBytes: number;
  /** Why the scan stopped before the end of the file, if it did. */
  problem: string | undefined;
}

const RECOVERY_CHUNK_BYTES = 1024 * 1024;
const READ_SLACK_BYTES = 64 * 1024;

export class Segment {
  readonly log: StorageFile;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  /** One past the last offset in the segment (an upper bound until the indexes are loaded). */
  nextOffset: number;
  limitOffset = Number.POSITIVE_INFINITY;
  maxTimestamp = -1;
  offsetOfMaxTimestamp: number;
  bytesSinceIndexEntry = 0;
  /** Wall-clock time of the first append, for rolling by `segmentMs`. */
  rollStartMs: number | undefined;
  /** Bytes of the `.log` file known to be fsynced. */
  syncedSize = 0;
  indexesLoaded = false;

  constructor(
    private readonly ctx: LogContext,
    readonly baseOffset: number,
    /** '' for live files, `.cleaned` while compaction writes a replacement. */
    public extra = '',
  ) {
    this.log = ctx.storage.open(segmentFileName(baseOffset, LOG_SUFFIX, extra));
    this.offsetIndex = new OffsetIndex(ctx.storage, baseOffset, extra);
    this.timeIndex = new TimeIndex(ctx.storage, baseOffset, extra);
    this.nextOffset = baseOffset;
    this.offsetOfMaxTimestamp = baseOffset;
  }

  get size(): number {
    return this.log.size;
  }

  get label(): string {
    return `${this.ctx.name} segment ${segmentFileName(this.baseOffset, LOG_SUFFIX, this.extra)}`;
  }

  /** Records a batch written at `position` in the indexes and the segment's statistics. */
  indexBatch(position: number, size: number, baseOffset: number, lastOffset: number, maxTimestamp: number): void {
    if (maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = maxTimestamp;
      this.offsetOfMaxTimestamp = lastOffset;
    }
    if (this.bytesSinceIndexEntry > this.ctx.config.indexIntervalBytes) {
      this.offsetIndex.append(baseOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += size;
    this.nextOffset = lastOffset + 1;
  }

  /** The segment stops being active: final time index entry, indexes written out. */
  seal(): void {
    this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
    this.flushIndexes();
  }

  flushIndexes(): void {
    this.offsetIndex.flush();
    this.timeIndex.flush();
  }

  /** Loads and checks the index files of an inactive segment once, rebuilding them if needed. */
  ensureIndexes(): void {
    if (this.indexesLoaded) return;
    const problem = this.loadIndexes();
    if (problem) {
      this.ctx.warn(`${this.label}: rebuilding indexes: ${problem}`);
      const scan = this.rebuild(false);
      if (scan.problem) this.ctx.warn(`${this.label}: data after position ${scan.validBytes} is unreadable: ${scan.problem}`);
      this.seal();
    }
    this.offsetIndex.release();
    this.timeIndex.release();
    this.indexesLoaded = true;
  }

  /** Reads both index files; returns why they cannot be trusted, or undefined. */
  loadIndexes(): string | undefined {
    if (this.size > 0 && !(this.ctx.storage.exists(this.offsetIndex.fileName) && this.ctx.storage.exists(this.timeIndex.fileName))) {
      return 'an index file is missing';
    }
    const problem =
      this.offsetIndex.load() ??
      this.offsetIndex.check(this.limitOffset, this.size) ??
      this.timeIndex.load() ??
      this.timeIndex.check(this.limitOffset);
    if (problem) return problem;
    const last = this.timeIndex.lastEntry();
    if (!last && this.size > 0 && this.limitOffset !== Number.POSITIVE_INFINITY) return 'the time index is empty';
    if (last) {
      this.maxTimestamp = last.timestamp;
      this.offsetOfMaxTimestamp = last.offset;
    }
    if (this.limitOffset !== Number.POSITIVE_INFINITY) this.nextOffset = this.limitOffset;
    return undefined;
  }

  /**
   * Rescans the log file from the start and regenerates the indexes and statistics. With
   * `verifyCrc` every batch's CRC is checked too (recovery). Stops at the first batch that is torn,
   * corrupt or out of order; the file itself is not changed.
   */
  rebuild(verifyCrc: boolean): ScanResult {
    this.offsetIndex.clear();
    this.timeIndex.clear();
    this.maxTimestamp = -1;
    this.offsetOfMaxTimestamp = this.baseOffset;
    this.bytesSinceIndexEntry = 0;
    this.nextOffset = this.baseOffset;
    const scanner = new BatchScanner(this.log, 0, this.size, RECOVERY_CHUNK_BYTES);
    let problem: string | undefined;
    let validBytes = 0;
    while (scanner.next()) {
      problem = this.checkBatch(scanner, verifyCrc);
      if (problem) break;
      this.indexBatch(scanner.position, scanner.size, scanner.baseOffset, scanner.lastOffset, scanner.maxTimestamp);
      validBytes = scanner.position + scanner.size;
    }
    problem ??= scanner.problem;
    this.offsetIndex.rewrite();
    this.timeIndex.rewrite();
    this.indexesLoaded = true;
    return { validBytes, problem };
  }

  private checkBatch(scanner: BatchScanner, verifyCrc: boolean): string | undefined {
    const at = `batch at position ${scanner.position}`;
    if (scanner.magic !== MAGIC_V2) return `${at} has magic ${scanner.magic}`;
    if (scanner.lastOffsetDelta < 0) return `${at} has lastOffsetDelta ${scanner.lastOffsetDelta}`;
    const base = scanner.baseOffset;
    if (base < this.nextOffset) return `${at} has base offset ${base}, expected at least ${this.nextOffset}`;
    if (scanner.lastOffset >= this.limitOffset) return `${at} ends at offset ${scanner.lastOffset}, past the next segment`;
    if (verifyCrc && !hasValidCrc(scanner.batch(), 0, scanner.size)) return `${at} fails its CRC-32C check`;
    return undefined;
  }

  /**
   * Whole batches starting with the first whose last offset is >= `offset`, up to `maxBytes`
   * but at least one batch; undefined if no batch in this segment reaches `offset`. Asked to share
   * memory, it returns the storage's own bytes where it can (read only: StorageFile#view), and
   * then stops before a batch in another piece of that memory rather than copy.
   */
  read(offset: number, maxBytes: number, shareMemory = false): Buffer | undefined {
    this.ensureIndexes();
    const entry = this.offsetIndex.lookup(offset);
    const chunkBytes = Math.min(maxBytes, 64 * 1024 * 1024) + this.ctx.config.indexIntervalBytes + READ_SLACK_BYTES;
    const scanner = new BatchScanner(this.log, entry.position, this.size, chunkBytes, shareMemory);
    if (!scanner.next()) return undefined;
    if (entry.position > 0 && scanner.baseOffset !== entry.offset) {
      this.ctx.warn(`${this.label}: offset index entry (${entry.offset}, ${entry.position}) does not match the log; rebuilding it`);
      this.rebuildAndSeal();
      return this.read(offset, maxBytes, shareMemory);
    }
    while (scanner.lastOffset < offset) if (!scanner.next()) return undefined;
    const start = scanner.position;
    let end = start + scanner.size;
    if (!shareMemory) {
      while (scanner.next() && scanner.position + scanner.size - start <= maxBytes) end = scanner.position + scanner.size;
      return scanner.slice(start, end);
    }
    // The first batch lies across two pieces of the storage's memory: a copy of it alone.
    if (!scanner.holds(start, end)) return scanner.slice(start, end);
    // Stop at the end of the piece (before the scanner would read past it), so nothing is copied.
    while (scanner.holdsNextHeader() && scanner.next() && scanner.position + scanner.size - start <= maxBytes) {
      if (!scanner.holds(start, scanner.position + scanner.size)) break;
      end = scanner.position + scanner.size;
    }
    return scanner.slice(start, end);
  }

  /** File position from which a scan finds the batch holding `offset`. */
  positionFor(offset: number): number {
    this.ensureIndexes();
    return this.offsetIndex.lookup(offset).position;
  }

  /** The max timestamp of the first batch, or -1 if the segment is empty. */
  firstBatchMaxTimestamp(): number {
    const scanner = new BatchScanner(this.log, 0, this.size, 4096);
    return scanner.next() ? scanner.maxTimestamp : -1;
  }

  close(): void {
    this.log.close();
    this.offsetIndex.release();
    this.timeIndex.release();
  }

  /** Closes the segment and removes its three files. */
  deleteFiles(): void {
    this.close();
    for (const name of this.fileNames()) this.ctx.storage.delete(name);
  }

  /** Current names of the `.log`, `.index` and `.timeindex` files. */
  fileNames(): [string, string, string] {
    return [segmentFileName(this.baseOffset, LOG_SUFFIX, this.extra), this.offsetIndex.fileName, this.timeIndex.fileName];
  }

  /** After compaction renamed this segment's files to their live names. */
  renamedToLive(): void {
    this.extra = '';
    this.offsetIndex.release();
    this.timeIndex.release();
    this.offsetIndex.fileName = segmentFileName(this.baseOffset, INDEX_SUFFIX);
    this.timeIndex.fileName = segmentFileName(this.baseOffset, TIME_INDEX_SUFFIX);
  }

  private rebuildAndSeal(): void {
    const active = this.limitOffset === Number.POSITIVE_INFINITY;
    this.rebuild(false);
    if (!active) this.seal();
  }
}

/** Index of the last segment whose base offset is <= `offset`, or -1 (binary search). */
export function floorSegment(segments: readonly Segment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (segments[mid]!.baseOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
