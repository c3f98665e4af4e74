/**
 * Log compaction (cleanup.policy=compact), after Kafka's LogCleaner, simplified to one pass:
 * build a map key → latest offset over the whole durable log, then rewrite each cleanable segment
 * keeping only records that are the latest for their key.
 *
 * Guarantees:
 * - Offsets never change: rebuilt batches keep their baseOffset, lastOffsetDelta and every
 *   record's offset delta; a batch left with no records is dropped (a gap, as Kafka allows).
 * - The active segment is never rewritten, and cleanable segments are the oldest ones up to the
 *   first whose largest timestamp is newer than `now − minCompactionLagMs`.
 * - Control batches and records without a key are kept as they are.
 * - Tombstones (null value) survive the first cleaning, which stamps their batch with the
 *   delete horizon `now + deleteRetentionMs` (batch attribute bit 6); a cleaning at or after the
 *   horizon drops them.
 * - Rebuilt batches keep their codec, producer fields, timestamp type and leader epoch.
 * - Crash safety: a cleaned segment is written as `<base>.log.cleaned` (+ indexes) and fsynced,
 *   then committed by renaming it to `<base>.log.swap`; recovery completes a swap it finds and
 *   discards `.cleaned` files.
 */
import {
  Attributes,
  Offsets,
  compressionOf,
  isControlBatch,
  isTransactionalBatch,
  maxTimestampAt,
  readBatchHeader,
  setLogAppendTime,
  timestampTypeOf,
} from '../records/batch-header.js';
import type { CompressionCodec } from '../records/compression.js';
import { encodeBatch, forEachRecord, type RecordInput } from '../records/record-batch.js';
import { BatchScanner } from './batch-scanner.js';
import { Segment, type LogContext } from './segment.js';
import { CLEANED_SUFFIX, LOG_SUFFIX, SWAP_SUFFIX, segmentFileName } from './segment-files.js';

export interface CompactionResult {
  segmentsCleaned: number;
  batchesRemoved: number;
  recordsRemoved: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Set when compaction failed; the log is left as it was for the segments not yet swapped. */
  error?: Error;
}

export const emptyCompactionResult = (): CompactionResult => ({
  segmentsCleaned: 0,
  batchesRemoved: 0,
  recordsRemoved: 0,
  bytesBefore: 0,
  bytesAfter: 0,
});

export interface CompactionHost {
  readonly ctx: LogContext;
  segments(): readonly Segment[];
  /** Puts `replacement` where `old` was (or removes `old`), and closes `old`. */
  replaceSegment(old: Segment, replacement: Segment | undefined): void;
}

/** A segment and how many of its bytes are known durable (the map only reads those). */
export interface SegmentExtent {
  segment: Segment;
  end: number;
}

const WRITE_CHUNK_BYTES = 1024 * 1024;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Cleans the cleanable segments, reading keys from `durable` (segments with their fsynced sizes).
 * Only segments wholly below `recoveryPoint` are rewritten: recovery relies on segments above it
 * never having compaction gaps.
 */
export async function compactSegments(host: CompactionHost, durable: readonly SegmentExtent[], recoveryPoint: number, nowMs: number): Promise<CompactionResult> {
  const result = emptyCompactionResult();
  const { config } = host.ctx;
  const cleanable: Segment[] = [];
  const current = host.segments();
  for (let i = 0; i < current.length - 1; i++) {
    const segment = current[i]!;
    if (segment.limitOffset > recoveryPoint) break;
    segment.ensureIndexes();
    if (segment.maxTimestamp > nowMs - config.minCompactionLagMs) break;
    cleanable.push(segment);
  }
  if (cleanable.length === 0) return result;
  const latest = latestOffsets(durable);
  for (const segment of cleanable) {
    if (!host.segments().includes(segment)) continue;
    await cleanSegment(host, segment, latest, nowMs, result);
    await yieldToEventLoop();
  }
  return result;
}

/** key (latin1 of its bytes) → offset of its latest record. */
function latestOffsets(extents: readonly SegmentExtent[]): Map<string, number> {
  const latest = new Map<string, number>();
  for (const { segment, end } of extents) {
    const scanner = new BatchScanner(segment.log, 0, end);
    while (scanner.next()) {
      if (isControlBatch(scanner.attributes)) continue;
      forEachRecord(scanner.batch(), 0, (record) => {
        if (record.key !== null) latest.set(record.key.toString('latin1'), record.offset);
      });
    }
  }
  return latest;
}

type BatchOutcome = { kind: 'keep' } | { kind: 'drop'; removed: number } | { kind: 'rewrite'; batch: Buffer; removed: number };

function cleanBatch(batch: Buffer, latest: Map<string, number>, nowMs: number, deleteRetentionMs: number): BatchOutcome {
  const attributes = batch.readInt16BE(Offsets.attributes);
  if (isControlBatch(attributes)) return { kind: 'keep' };
  const header = readBatchHeader(batch, 0);
  const horizon = attributes & Attributes.deleteHorizon ? header.baseTimestamp : undefined;
  const kept: RecordInput[] = [];
  let removed = 0;
  let tombstones = 0;
  forEachRecord(
    batch,
    0,
    (record, offsetDelta) => {
      if (record.key !== null) {
        const newest = latest.get(record.key.toString('latin1'));
        if (newest !== undefined && newest > record.offset) return void removed++;
      }
      if (record.value === null) {
        if (horizon !== undefined && horizon <= nowMs) return void removed++;
        tombstones++;
      }
      kept.push({ key: record.key, value: record.value, headers: record.headers, timestamp: record.timestamp, offsetDelta });
    },
    header,
  );
  if (removed === 0 && (tombstones === 0 || horizon !== undefined)) return { kind: 'keep' };
  if (kept.length === 0) return { kind: 'drop', removed };
  const rebuilt = encodeBatch({
    records: kept,
    baseOffset: header.baseOffset,
    compression: compressionOf(attributes) as CompressionCodec,
    timestampType: timestampTypeOf(attributes),
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    baseSequence: header.baseSequence,
    isTransactional: isTransactionalBatch(attributes),
    lastOffsetDelta: header.lastOffsetDelta,
    deleteHorizonMs: horizon ?? (tombstones > 0 ? nowMs + deleteRetentionMs : undefined),
  });
  // A LogAppendTime batch carries the append time as its max timestamp; records keep create times.
  if (timestampTypeOf(attributes) === 1) setLogAppendTime(rebuilt, 0, rebuilt.length, header.maxTimestamp);
  return { kind: 'rewrite', batch: rebuilt, removed };
}

async function cleanSegment(host: CompactionHost, segment: Segment, latest: Map<string, number>, nowMs: number, result: CompactionResult): Promise<void> {
  const { ctx } = host;
  const cleaned = new Segment(ctx, segment.baseOffset, CLEANED_SUFFIX);
  cleaned.log.truncate(0);
  cleaned.limitOffset = segment.limitOffset;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const writePending = () => {
    if (pending.length > 0) cleaned.log.append(pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  let changed = false;
  let batchesRemoved = 0;
  let recordsRemoved = 0;
  const scanner = new BatchScanner(segment.log, 0, segment.size);
  while (scanner.next()) {
    const original = scanner.batch();
    const outcome = cleanBatch(original, latest, nowMs, ctx.config.deleteRetentionMs);
    if (outcome.kind !== 'keep') changed = true;
    if (outcome.kind === 'drop') {
      batchesRemoved++;
      recordsRemoved += outcome.removed;
      continue;
    }
    if (outcome.kind === 'rewrite') recordsRemoved += outcome.removed;
    const batch = outcome.kind === 'rewrite' ? outcome.batch : Buffer.from(original);
    const position = cleaned.size + pendingBytes;
    cleaned.indexBatch(position, batch.length, scanner.baseOffset, scanner.lastOffset, maxTimestampAt(batch, 0));
    pending.push(batch);
    pendingBytes += batch.length;
    if (pendingBytes >= WRITE_CHUNK_BYTES) writePending();
  }
  writePending();
  if (scanner.problem) throw new Error(`${segment.label}: cannot compact: ${scanner.problem}`);
  if (!changed) {
    cleaned.deleteFiles();
    return;
  }
  result.segmentsCleaned++;
  result.batchesRemoved += batchesRemoved;
  result.recordsRemoved += recordsRemoved;
  result.bytesBefore += segment.size;
  result.bytesAfter += cleaned.size;
  if (cleaned.size === 0 && host.segments()[0] !== segment) {
    // Nothing survives: the segment simply goes (its records are all superseded or expired).
    cleaned.deleteFiles();
    host.replaceSegment(segment, undefined);
    return;
  }
  await swapIn(host, segment, cleaned);
}

/** Makes `cleaned` durable, commits it with the `.swap` rename, then puts it in place of `old`. */
async function swapIn(host: CompactionHost, old: Segment, cleaned: Segment): Promise<void> {
  const { storage } = host.ctx;
  cleaned.seal();
  await cleaned.log.sync();
  await cleaned.offsetIndex.sync();
  await cleaned.timeIndex.sync();
  cleaned.offsetIndex.release();
  cleaned.timeIndex.release();
  const base = cleaned.baseOffset;
  const [cleanedLog, cleanedIndex, cleanedTimeIndex] = cleaned.fileNames();
  const swap = segmentFileName(base, LOG_SUFFIX, SWAP_SUFFIX);
  storage.rename(cleanedLog, swap);
  await storage.syncDirectory();
  // Committed: from here on, recovery finishes the swap if we crash.
  const [liveLog, liveIndex, liveTimeIndex] = old.fileNames();
  old.offsetIndex.release();
  old.timeIndex.release();
  storage.rename(cleanedIndex, liveIndex);
  storage.rename(cleanedTimeIndex, liveTimeIndex);
  storage.rename(swap, liveLog);
  cleaned.renamedToLive();
  cleaned.indexesLoaded = true;
  host.replaceSegment(old, cleaned);
  await storage.syncDirectory();
}
