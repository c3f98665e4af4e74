/**
 * Opening a partition directory: finish or discard interrupted compaction swaps, find the
 * segments, and — after a crash — validate and repair the tail.
 *
 * Invariants established for the log:
 * - Without the clean-shutdown marker, every segment at or after the recovery point (and always
 *   the last one) is scanned batch by batch (length, magic, CRC-32C, increasing offsets). The
 *   first bad batch and everything after it is cut off, later segments included, and each cut is
 *   reported with the partition, segment and byte position. A recovered segment that ends before
 *   the next one begins lost its tail (compaction never rewrites segments past the recovery
 *   point), so the segments after it are dropped too. Recovered segments get fresh indexes.
 * - With the marker, only the active segment's tail after its last index entry is read; anything
 *   wrong there falls back to full recovery of that segment.
 * - `<base>.log.swap` means a compaction committed: it replaces `<base>.log` and the segment's
 *   indexes are rebuilt. Leftover `.cleaned`, `.swap` and `.tmp` files are deleted.
 * - The marker is removed (durably) on open, so a crash of this run is detected by the next.
 */
import type { Clock } from '../../util/clock.js';
import { BatchScanner } from './batch-scanner.js';
import type { LogContext } from './segment.js';
import { Segment } from './segment.js';
import {
  CLEAN_SHUTDOWN_FILE,
  CLEANED_SUFFIX,
  INDEX_SUFFIX,
  LOG_SUFFIX,
  RECOVERY_POINT_FILE,
  SWAP_SUFFIX,
  TEMP_SUFFIX,
  TIME_INDEX_SUFFIX,
  parseSegmentFileName,
  segmentFileName,
} from './segment-files.js';
import type { Storage } from './storage.js';

export interface LoadedLog {
  /** Never empty; the last one is the active segment. */
  segments: Segment[];
  /** The durable recovery point: every segment below it is complete and fsynced. */
  recoveryPoint: number;
}

/** Loads (and if needed repairs) the segments of a partition. */
export async function loadSegments(ctx: LogContext, clock: Clock): Promise<LoadedLog> {
  const { storage } = ctx;
  const swapped = finishInterruptedSwaps(ctx);
  const clean = storage.exists(CLEAN_SHUTDOWN_FILE);
  const recoveryPoint = clean ? Number.POSITIVE_INFINITY : readRecoveryPoint(ctx);
  const bases = liveSegmentBases(ctx);
  const segments = bases.map((base) => new Segment(ctx, base));
  if (segments.length === 0) segments.push(new Segment(ctx, 0));
  linkSegments(segments);

  const recovered: Segment[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (!clean && (last || segment.limitOffset > recoveryPoint)) {
      recovered.push(segment);
      const intact = recoverSegment(ctx, segment);
      // Compaction only rewrites segments below the (durable) recovery point, so here a segment
      // ending before the next one starts lost its tail in a crash: what follows is unusable.
      if (!last && (!intact || segment.nextOffset !== segment.limitOffset)) {
        if (intact) ctx.warn(`${segment.label}: ends at offset ${segment.nextOffset} but the next segment starts at ${segment.limitOffset}`);
        dropSegmentsAfter(ctx, segments, i);
        break;
      }
      if (!last) segment.seal();
    } else if (swapped.has(segment.baseOffset)) {
      segment.rebuild(false);
      segment.seal();
    } else if (last) {
      openCleanActive(ctx, segment, recovered);
    }
  }
  const active = segments[segments.length - 1]!;
  active.limitOffset = Number.POSITIVE_INFINITY;
  for (const segment of segments) segment.syncedSize = segment.size;
  const firstTimestamp = active.firstBatchMaxTimestamp();
  if (active.size > 0) active.rollStartMs = firstTimestamp >= 0 && firstTimestamp <= clock.now() ? firstTimestamp : clock.now();

  if (clean) storage.delete(CLEAN_SHUTDOWN_FILE);
  for (const segment of recovered) {
    if (!segments.includes(segment)) continue;
    await segment.log.sync();
    await segment.offsetIndex.sync();
    await segment.timeIndex.sync();
    if (segment !== active) {
      segment.offsetIndex.release();
      segment.timeIndex.release();
    }
  }
  const durablePoint = clean ? readRecoveryPoint(ctx) : -1;
  if (durablePoint !== active.baseOffset) await writeRecoveryPoint(storage, active.baseOffset);
  await storage.syncDirectory();
  return { segments, recoveryPoint: active.baseOffset };
}

/** Sets each segment's `limitOffset` to the next one's base offset. */
export function linkSegments(segments: readonly Segment[]): void {
  for (let i = 0; i < segments.length; i++) {
    segments[i]!.limitOffset = segments[i + 1]?.baseOffset ?? Number.POSITIVE_INFINITY;
  }
}

/** Scans a segment with CRC checks and cuts off a bad tail; returns whether it was intact. */
function recoverSegment(ctx: LogContext, segment: Segment): boolean {
  const size = segment.size;
  const scan = segment.rebuild(true);
  if (!scan.problem) return true;
  ctx.warn(
    `${segment.label}: truncating ${size - scan.validBytes} bytes at position ${scan.validBytes} ` +
      `(log end offset now ${segment.nextOffset}): ${scan.problem}`,
  );
  segment.log.truncate(scan.validBytes);
  return false;
}

function dropSegmentsAfter(ctx: LogContext, segments: Segment[], index: number): void {
  const dropped = segments.splice(index + 1);
  for (const segment of dropped) {
    ctx.warn(`${segment.label}: deleting ${segment.size} bytes that follow a truncated segment`);
    segment.deleteFiles();
  }
  linkSegments(segments);
}

/** After a clean shutdown: trust the indexes if they check out, and read only the tail. */
function openCleanActive(ctx: LogContext, segment: Segment, recovered: Segment[]): void {
  const problem = segment.loadIndexes();
  if (problem) {
    ctx.warn(`${segment.label}: rebuilding indexes: ${problem}`);
    recovered.push(segment);
    recoverSegment(ctx, segment);
    return;
  }
  const from = segment.offsetIndex.lookup(Number.MAX_SAFE_INTEGER).position;
  const scanner = new BatchScanner(segment.log, from, segment.size);
  let nextOffset = segment.baseOffset;
  let ordered = true;
  let lastSize = 0;
  while (scanner.next()) {
    if (scanner.baseOffset < nextOffset) ordered = false;
    nextOffset = scanner.lastOffset + 1;
    lastSize = scanner.size;
    if (scanner.maxTimestamp > segment.maxTimestamp) {
      segment.maxTimestamp = scanner.maxTimestamp;
      segment.offsetOfMaxTimestamp = scanner.lastOffset;
    }
  }
  // A complete index has an entry within indexIntervalBytes (plus the last batch) of the end.
  const incomplete = segment.size - from - lastSize > ctx.config.indexIntervalBytes;
  if (scanner.problem || !ordered || incomplete) {
    const why = scanner.problem ?? (ordered ? 'the offset index is missing entries' : 'offsets out of order');
    ctx.warn(`${segment.label}: checking the whole segment despite a clean shutdown: ${why}`);
    recovered.push(segment);
    recoverSegment(ctx, segment);
    return;
  }
  segment.nextOffset = nextOffset;
  segment.bytesSinceIndexEntry = segment.size - from;
  segment.indexesLoaded = true;
}

/** Completes committed compaction swaps and deletes leftovers; returns the swapped base offsets. */
function finishInterruptedSwaps(ctx: LogContext): Set<number> {
  const { storage } = ctx;
  const swapped = new Set<number>();
  for (const name of storage.list()) {
    const parsed = parseSegmentFileName(name);
    if (!parsed || parsed.extra !== SWAP_SUFFIX || parsed.kind !== LOG_SUFFIX) continue;
    const base = parsed.baseOffset;
    for (const kind of [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX] as const) storage.delete(segmentFileName(base, kind));
    storage.rename(name, segmentFileName(base, LOG_SUFFIX));
    ctx.warn(`${ctx.name}: completed an interrupted compaction of segment ${segmentFileName(base, LOG_SUFFIX)}`);
    swapped.add(base);
  }
  for (const name of storage.list()) {
    const parsed = parseSegmentFileName(name);
    if (name.endsWith(TEMP_SUFFIX) || (parsed && parsed.extra !== '')) {
      if (parsed?.extra === CLEANED_SUFFIX) ctx.warn(`${ctx.name}: discarding ${name} of an unfinished compaction`);
      storage.delete(name);
    }
  }
  return swapped;
}

/** Base offsets of the `.log` files, ascending; index files without a log are deleted. */
function liveSegmentBases(ctx: LogContext): number[] {
  const bases = new Set<number>();
  const indexes: { name: string; base: number }[] = [];
  for (const name of ctx.storage.list()) {
    const parsed = parseSegmentFileName(name);
    if (!parsed || parsed.extra !== '') continue;
    if (parsed.kind === LOG_SUFFIX) bases.add(parsed.baseOffset);
    else indexes.push({ name, base: parsed.baseOffset });
  }
  for (const { name, base } of indexes) if (!bases.has(base)) ctx.storage.delete(name);
  return [...bases].sort((a, b) => a - b);
}

function readRecoveryPoint(ctx: LogContext): number {
  if (!ctx.storage.exists(RECOVERY_POINT_FILE)) return 0;
  const file = ctx.storage.open(RECOVERY_POINT_FILE);
  const text = file.read(0, 64).toString('latin1').trim();
  file.close();
  const value = Number(text);
  if (text === '' || !Number.isSafeInteger(value) || value < 0) {
    ctx.warn(`${ctx.name}: ignoring unreadable recovery point ${JSON.stringify(text)}; checking every segment`);
    return 0;
  }
  return value;
}

/**
 * Durably records that every segment below `offset` is complete and fsynced (write a temporary
 * file, fsync, rename, fsync the directory): a crash leaves the old or the new value, never a
 * torn one. Happens once per segment roll, so its cost does not matter.
 */
export async function writeRecoveryPoint(storage: Storage, offset: number): Promise<void> {
  const temp = RECOVERY_POINT_FILE + TEMP_SUFFIX;
  const file = storage.open(temp);
  file.truncate(0);
  file.append(Buffer.from(`${offset}\n`, 'latin1'));
  await file.sync();
  file.close();
  storage.rename(temp, RECOVERY_POINT_FILE);
  await storage.syncDirectory();
}

/** Writes the clean-shutdown marker durably. */
export async function writeCleanShutdown(storage: Storage): Promise<void> {
  const file = storage.open(CLEAN_SHUTDOWN_FILE);
  file.truncate(0);
  file.append(Buffer.from('clean\n', 'latin1'));
  await file.sync();
  file.close();
  await storage.syncDirectory();
}
