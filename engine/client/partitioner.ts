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
  const length = key.length;
  let h = SEED ^ length;
  const blockEnd = length & ~3;
  for (let i = 0; i < blockEnd; i += 4) {
    let k = key[i]! | (key[i + 1]! << 8) | (key[i + 2]! << 16) | (key[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // Java's switch on length % 4 falls through 3 → 2 → 1.
  const tail = length & 3;
  if (tail >= 3) h ^= (key[blockEnd + 2] ?? 0) << 16;
  if (tail >= 2) h ^= (key[blockEnd + 1] ?? 0) << 8;
  if (tail >= 1) {
    h ^= key[blockEnd] ?? 0;
    h = Math.imul(h, M);
  }
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
