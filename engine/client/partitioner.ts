/**
 * Java-compatible partitioning, so records land where a Java (or kafkajs ≥ 2) producer puts them.
 *
 * - Keyed records: `(murmur2(key) & 0x7fffffff) % numPartitions` (Kafka's `Utils.toPositive`, not
 *   `Math.abs`, not `>>> 0`). An empty key is a key: it is hashed, as in Java.
 * - Null keys: sticky (KIP-794 `BuiltInPartitioner`, without adaptive load weighting): one partition
 *   per topic takes every null-key record until `batchSizeBytes` were produced to it, then a random
 *   other partition takes over. Keyed records neither use nor move the sticky partition.
 *
 * Invariant: every returned partition is an integer in [0, numPartitions).
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Kafka's 32-bit murmur2 (`Utils.murmur2`), a signed int32 like Java's. */
export function murmur2(key: Uint8Array): number {
  return murmur2Prefix(key, key.length);
}

/** murmur2 of key[0, length). */
function murmur2Prefix(key: Uint8Array, length: number): number {
  let h = SEED ^ length;
  const blockEnd = length & ~3;
  for (let i = 0; i < blockEnd; i += 4) h = mixBlock(h, key[i]! | (key[i + 1]! << 8) | (key[i + 2]! << 16) | (key[i + 3]! << 24));
  const tail = length & 3;
  const tailBits = (tail >= 3 ? key[blockEnd + 2]! << 16 : 0) | (tail >= 2 ? key[blockEnd + 1]! << 8 : 0) | (tail >= 1 ? key[blockEnd]! : 0);
  return finish(h, tail, tailBits);
}

/** Mixes one 4-byte block (read little-endian) into the hash. */
function mixBlock(h: number, k: number): number {
  k = Math.imul(k, M);
  k ^= k >>> R;
  k = Math.imul(k, M);
  return Math.imul(h, M) ^ k;
}

/**
 * Mixes in the 0…3 bytes after the last block (`tailBits`: byte 2 << 16 | byte 1 << 8 | byte 0;
 * Java's switch on length % 4 falls through 3 → 2 → 1), then the final avalanche.
 */
function finish(h: number, tail: number, tailBits: number): number {
  if (tail > 0) h = Math.imul(h ^ tailBits, M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Java's producer picks for a keyed record. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  checkPartitionCount(numPartitions);
  return numPartitions === 1 ? 0 : (murmur2(key) & 0x7fffffff) % numPartitions;
}

/** Where murmur2Text encodes text that is not ASCII (grown when too small; never escapes). */
let utf8Scratch = Buffer.allocUnsafe(256);

/**
 * murmur2 of the UTF-8 bytes of `text`, without encoding them into a Buffer of their own: ASCII
 * text (most keys) is hashed from its character codes, which are its bytes; other text is encoded
 * into a reused scratch buffer first.
 */
export function murmur2Text(text: string): number {
  const length = text.length;
  let h = SEED ^ length;
  const blockEnd = length & ~3;
  let high = 0;
  for (let i = 0; i < blockEnd; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    // Any code of 0x80 or more is not ASCII (and its bytes are not its code): hashed as UTF-8 then.
    high |= c0 | c1 | c2 | c3;
    h = mixBlock(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  let tailBits = 0;
  for (let i = length - 1; i >= blockEnd; i--) {
    const c = text.charCodeAt(i);
    high |= c;
    tailBits = (tailBits << 8) | c;
  }
  return high >= 0x80 ? murmur2NonAscii(text) : finish(h, length & 3, tailBits);
}

function murmur2NonAscii(text: string): number {
  const most = text.length * 3;
  if (most > utf8Scratch.length) utf8Scratch = Buffer.allocUnsafe(Math.max(most, utf8Scratch.length * 2));
  return murmur2Prefix(utf8Scratch, utf8Scratch.write(text, 0, 'utf8'));
}

/** partitionForKey of the UTF-8 bytes of `key`. */
export function partitionForTextKey(key: string, numPartitions: number): number {
  checkPartitionCount(numPartitions);
  return numPartitions === 1 ? 0 : (murmur2Text(key) & 0x7fffffff) % numPartitions;
}

export interface StickyPartitionerOptions {
  /** Bytes produced to the sticky partition before switching (Kafka's `batch.size`). Default 16384. */
  batchSizeBytes?: number;
  /** A source of numbers in [0, 1); inject a seeded one for deterministic tests. Default Math.random. */
  random?: () => number;
}

interface StickyState {
  partition: number;
  producedBytes: number;
}

export class StickyPartitioner {
  readonly batchSizeBytes: number;
  private readonly random: () => number;
  private readonly sticky = new Map<string, StickyState>();

  constructor(options: StickyPartitionerOptions = {}) {
    this.batchSizeBytes = options.batchSizeBytes ?? 16384;
    if (!(this.batchSizeBytes > 0))
      throw new RangeError(`batchSizeBytes must be positive, got ${this.batchSizeBytes}`);
    this.random = options.random ?? Math.random;
  }

  /** The partition for one record; `recordBytes` counts toward the sticky partition's batch. */
  partition(topic: string, numPartitions: number, key: Uint8Array | null, recordBytes: number): number {
    if (key !== null) return partitionForKey(key, numPartitions);
    checkPartitionCount(numPartitions);
    let state = this.sticky.get(topic);
    if (state === undefined || state.partition >= numPartitions) {
      state = { partition: this.randomBelow(numPartitions), producedBytes: 0 };
      this.sticky.set(topic, state);
    }
    const chosen = state.partition;
    state.producedBytes += Math.max(0, recordBytes);
    if (state.producedBytes >= this.batchSizeBytes) {
      state.partition = this.otherPartition(chosen, numPartitions);
      state.producedBytes = 0;
    }
    return chosen;
  }

  /** A uniformly random partition other than `current` (or 0 when there is only one). */
  private otherPartition(current: number, numPartitions: number): number {
    if (numPartitions === 1) return 0;
    const pick = this.randomBelow(numPartitions - 1);
    return pick >= current ? pick + 1 : pick;
  }

  private randomBelow(bound: number): number {
    const pick = Math.floor(this.random() * bound);
    return Number.isInteger(pick) ? Math.min(bound - 1, Math.max(0, pick)) : 0;
  }
}

function checkPartitionCount(numPartitions: number): void {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  }
}
