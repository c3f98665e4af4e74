/**
 * In-memory window store (Kafka's InMemoryWindowStore with a change-logging layer).
 *
 * Entries are (key, window start[, sequence number]) → value bytes, indexed per window start and per
 * key (window-index.ts), so a key's fetch over a time range costs O(log n + matches); iteration is
 * by window start, then key bytes, then insertion. `retainDuplicates` (stream-stream join stores)
 * keeps every put under a fresh sequence number and ignores null puts. Retention follows Kafka:
 * the store's observed stream time is the max window start put; a put with
 * start <= observed − retention is dropped as expired, and fetches never return such windows.
 * Changelog key: key bytes + 8-byte window start + 4-byte sequence number (WindowKeySchema), written
 * straight into the changelog's batch when the context can (logChangeEncoded). A timestamped value
 * (ValueAndTimestamp) is logged as its plain bytes, with its timestamp as the record's.
 */
import { encodeToBuffer } from '../../client/record-batch-builder.js';
import type { KeyValue } from '../processor/api.js';
import { Serdes, type Serde } from '../serdes/serde.js';
import { SerdeStoreBase } from './store-base.js';
import { windowed, type Windowed } from '../windows/windowed.js';
import { keyStringOf, writeInt64, readInt64 } from './bytes.js';
import { NO_TIMESTAMP as NO_RECORD_TIMESTAMP, isTimestampedSerde, valueAndTimestamp, withTimestamp, type ValueAndTimestamp } from './key-value-store.js';
import { type ChangelogRecord, type RuntimeStateStore } from './state-store.js';
import { WindowIndex } from './window-index.js';

export interface WindowStoreEntry<V> {
  /** The window start. */
  readonly timestamp: number;
  readonly value: V;
}

export interface ReadOnlyWindowStore<K, V> {
  readonly name: string;
  /** The value of the window of `key` starting at `windowStart`. */
  fetch(key: K, windowStart: number): V | null;
  /** Windows of `key` with timeFrom <= start <= timeTo, oldest first. */
  fetch(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[];
  /**
   * Windows of the keys from keyFrom to keyTo (by key bytes; a null bound is open) with
   * timeFrom <= start <= timeTo, by start then key bytes.
   */
  fetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  backwardFetch(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[];
  backwardFetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  /** Windows of every key with timeFrom <= start <= timeTo, by start then key bytes. */
  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  backwardFetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  all(): KeyValue<Windowed<K>, V>[];
}

export interface WindowStore<K, V> extends ReadOnlyWindowStore<K, V> {
  put(key: K, value: V | null, windowStart: number): void;
}

const NO_TIMESTAMP = -1;
const KEY_CACHE_SIZE = 16_384;

export class InMemoryWindowStore<K, V> extends SerdeStoreBase<K> implements WindowStore<K, V>, RuntimeStateStore {
  private readonly index = new WindowIndex();
  private observedStreamTime = NO_TIMESTAMP;
  private seq = 0;
  // Serialized forms of recent string keys (an aggregation fetches, then puts, each key, and keys
  // recur): bytes and index string per key, forgotten wholesale past KEY_CACHE_SIZE keys.
  private readonly keyCache = new Map<string, { bytes: Buffer; keyString: string }>();
  private lastKeyString = '';
  // With the String serde, an ASCII key's bytes are its characters: it is its own index string.
  private readonly stringKeys: boolean;
  // Values are ValueAndTimestamp (timestampedSerde): logged without their timestamp prefix.
  private readonly timestamped: boolean;
  // The changelog key of the put being logged, for encodeChangelogKey (reused: no object per put).
  private readonly changelogKeyParts: ChangelogKeyParts = { keyString: '', start: 0, seq: 0 };

  constructor(
    name: string,
    keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    readonly retentionMs: number,
    readonly windowSizeMs: number,
    readonly retainDuplicates: boolean,
  ) {
    super(name, keySerde);
    this.stringKeys = (keySerde as Serde<unknown>) === Serdes.String();
    this.timestamped = isTimestampedSerde(valueSerde as Serde<unknown>);
  }

  /** The index string of `key` (its bytes as latin1); sets lastKeyString. */
  private keyString(key: K): string {
    if (this.stringKeys && typeof key === 'string' && isAscii(key)) return (this.lastKeyString = key);
    this.keyBytes(key);
    return this.lastKeyString;
  }

  /** Serializes `key` (cached for string keys); sets lastKeyString. Never mutate the result. */
  private keyBytes(key: K): Buffer {
    const cacheable = typeof key === 'string';
    if (cacheable) {
      const cached = this.keyCache.get(key);
      if (cached !== undefined) {
        this.lastKeyString = cached.keyString;
        return cached.bytes;
      }
    }
    const bytes = this.serializeKey(key);
    this.lastKeyString = keyStringOf(bytes);
    if (cacheable) {
      if (this.keyCache.size >= KEY_CACHE_SIZE) this.keyCache.clear();
      this.keyCache.set(key, { bytes, keyString: this.lastKeyString });
    }
    return bytes;
  }

  put(key: K, value: V | null, windowStart: number): void {
    const keyString = this.keyString(key);
    const valueBytes = value === null || value === undefined ? null : this.valueSerde.serialize(this.context().serdeTopic, value);
    if (this.retainDuplicates && valueBytes === null) return;
    // Kafka's seqnum: the next one, back to 0 past 2^31 - 1 ((seqnum + 1) & 0x7FFFFFFF).
    const seq = this.retainDuplicates ? (this.seq = (this.seq + 1) & 0x7fff_ffff) : 0;
    if (this.putBytes(keyString, windowStart, valueBytes)) {
      const context = this.context();
      if (context.changelogTopic === null) return;
      const parts = this.changelogKeyParts;
      parts.keyString = keyString;
      parts.start = windowStart;
      parts.seq = seq;
      // A timestamped value is logged as its plain bytes, timestamped with its timestamp (Kafka's
      // ChangeLoggingTimestampedWindowBytesStore).
      const stamped = this.timestamped && valueBytes !== null;
      const timestamp = stamped ? (value as ValueAndTimestamp<unknown>).timestamp : undefined;
      // Written straight into the changelog's batch by encodeChangelogKey, during the call.
      if (context.logChangeEncoded !== undefined) context.logChangeEncoded(parts, encodeChangelogKey, valueBytes, timestamp, stamped ? 8 : 0);
      else context.logChange(encodeToBuffer(parts, encodeChangelogKey), stamped ? valueBytes.subarray(8) : valueBytes, timestamp);
    }
  }

  fetch(key: K, windowStart: number): V | null;
  fetch(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[];
  fetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  // Explicit parameters, not rest ones: fetch(key, start) runs once per record of an aggregation.
  fetch(first: K | null, second: number | K | null, third?: number, fourth?: number): V | null | WindowStoreEntry<V>[] | KeyValue<Windowed<K>, V>[] {
    if (fourth !== undefined) return this.fetchKeyRange(first, second as K | null, third!, fourth);
    const key = first as K;
    const timeFrom = second as number;
    const timeTo = third;
    if (timeTo === undefined) {
      if (timeFrom <= this.observedStreamTime - this.retentionMs) return null;
      const last = this.index.get(this.keyString(key), timeFrom);
      return last === undefined ? null : this.valueSerde.deserialize(this.context().serdeTopic, last);
    }
    return this.fetchRange(key, timeFrom, timeTo);
  }

  backwardFetch(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[];
  backwardFetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  backwardFetch(first: K | null, second: number | K | null, third: number, fourth?: number): WindowStoreEntry<V>[] | KeyValue<Windowed<K>, V>[] {
    if (fourth !== undefined) return this.fetchKeyRange(first, second as K | null, third, fourth).reverse();
    return this.fetchRange(first as K, second as number, third).reverse();
  }

  backwardFetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.fetchAll(timeFrom, timeTo).reverse();
  }

  /** fetchAll of the keys whose bytes lie in [keyFrom, keyTo] (a null bound is open). */
  private fetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    const bound = (key: K | null) => (key === null || key === undefined ? null : this.serializeKey(key));
    const from = bound(keyFrom);
    const to = bound(keyTo);
    const out: KeyValue<Windowed<K>, V>[] = [];
    const topic = this.context().serdeTopic;
    this.index.forRange(this.lowestLiveStart(timeFrom), timeTo, (start, keyBytes, v) => {
      if ((from !== null && Buffer.compare(keyBytes, from) < 0) || (to !== null && Buffer.compare(keyBytes, to) > 0)) return;
      out.push({ key: windowed(this.keySerde.deserialize(topic, keyBytes), start, start + this.windowSizeMs), value: this.valueSerde.deserialize(topic, v) });
    });
    return out;
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    const out: KeyValue<Windowed<K>, V>[] = [];
    const topic = this.context().serdeTopic;
    this.index.forRange(this.lowestLiveStart(timeFrom), timeTo, (start, keyBytes, v) => {
      out.push({ key: windowed(this.keySerde.deserialize(topic, keyBytes), start, start + this.windowSizeMs), value: this.valueSerde.deserialize(topic, v) });
    });
    return out;
  }

  all(): KeyValue<Windowed<K>, V>[] {
    return this.fetchAll(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  restore(records: readonly ChangelogRecord[]): void {
    for (const r of records) {
      if (!r.key || r.key.length < 12) continue;
      const keyLength = r.key.length - 12;
      const start = readInt64(r.key, keyLength);
      const seq = r.key.readInt32BE(keyLength + 8);
      this.seq = Math.max(this.seq, seq);
      // Changelog records are views into fetched batches; the index copies the value bytes.
      const value = this.timestamped && r.value !== null ? withTimestamp(r.value, r.timestamp) : r.value;
      this.putBytes(keyStringOf(r.key.subarray(0, keyLength)), start, value);
    }
  }

  flush(): void {}

  close(): void {
    this.index.clear();
    this.keyCache.clear();
  }

  private fetchRange(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[] {
    const keyString = this.keyString(key);
    const topic = this.context().serdeTopic;
    const out: WindowStoreEntry<V>[] = [];
    this.index.forKey(keyString, this.lowestLiveStart(timeFrom), timeTo, (start, v) => {
      out.push({ timestamp: start, value: this.valueSerde.deserialize(topic, v) });
    });
    return out;
  }

  private lowestLiveStart(timeFrom: number): number {
    return Math.max(timeFrom, this.observedStreamTime - this.retentionMs + 1);
  }

  /** Applies a write; false when the window has already expired. The index copies the value bytes. */
  private putBytes(keyString: string, start: number, value: Buffer | null): boolean {
    this.observedStreamTime = Math.max(this.observedStreamTime, start);
    if (start <= this.observedStreamTime - this.retentionMs) return false;
    if (value === null) this.index.delete(keyString, start);
    else this.index.put(keyString, start, value, this.retainDuplicates);
    this.index.expireBelow(this.observedStreamTime - this.retentionMs + 1);
    return true;
  }
}

/**
 * A view of a timestamped window store with plain values (Kafka's WindowStoreFacade, what
 * TopologyTestDriver#getWindowStore returns): reads hide the timestamps; a value written through it
 * is stored with no timestamp (NO_RECORD_TIMESTAMP).
 */
export function plainWindowView<K, V>(store: WindowStore<K, ValueAndTimestamp<V>>): WindowStore<K, V> {
  const entry = (e: WindowStoreEntry<ValueAndTimestamp<V>>): WindowStoreEntry<V> => ({ timestamp: e.timestamp, value: e.value.value });
  const pair = (kv: KeyValue<Windowed<K>, ValueAndTimestamp<V>>): KeyValue<Windowed<K>, V> => ({ key: kv.key, value: kv.value.value });
  function fetch(key: K, windowStart: number): V | null;
  function fetch(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[];
  function fetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  function fetch(...args: unknown[]): V | null | WindowStoreEntry<V>[] | KeyValue<Windowed<K>, V>[] {
    if (args.length === 4) return store.fetch(args[0] as K | null, args[1] as K | null, args[2] as number, args[3] as number).map(pair);
    if (args.length === 3) return store.fetch(args[0] as K, args[1] as number, args[2] as number).map(entry);
    return store.fetch(args[0] as K, args[1] as number)?.value ?? null;
  }
  function backwardFetch(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[];
  function backwardFetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  function backwardFetch(...args: unknown[]): WindowStoreEntry<V>[] | KeyValue<Windowed<K>, V>[] {
    if (args.length === 4) return store.backwardFetch(args[0] as K | null, args[1] as K | null, args[2] as number, args[3] as number).map(pair);
    return store.backwardFetch(args[0] as K, args[1] as number, args[2] as number).map(entry);
  }
  return {
    name: store.name,
    fetch,
    backwardFetch,
    fetchAll: (from, to) => store.fetchAll(from, to).map(pair),
    backwardFetchAll: (from, to) => store.backwardFetchAll(from, to).map(pair),
    all: () => store.all().map(pair),
    put: (key, value, windowStart) => store.put(key, value === null || value === undefined ? null : valueAndTimestamp(value, NO_RECORD_TIMESTAMP), windowStart),
  };
}

/** A changelog key's parts: key bytes (as their latin1 index string), window start, sequence number. */
interface ChangelogKeyParts {
  keyString: string;
  start: number;
  seq: number;
}

/**
 * Writes the changelog key of `parts` at `at` (a PayloadEncoder): key bytes, 8-byte window start,
 * 4-byte sequence number. The end, or -1 when it does not fit.
 */
function encodeChangelogKey(value: unknown, buf: Buffer, at: number): number {
  const { keyString, start, seq } = value as ChangelogKeyParts;
  const length = keyString.length;
  if (at + length + 12 > buf.length) return -1;
  writeLatin1(buf, keyString, at);
  writeInt64(buf, start, at + length);
  // The sequence number's 4 bytes, big-endian (writeInt32BE without its argument checks).
  const p = at + length + 8;
  buf[p] = seq >>> 24;
  buf[p + 1] = seq >>> 16;
  buf[p + 2] = seq >>> 8;
  buf[p + 3] = seq;
  return at + length + 12;
}

/** Keys up to this long are written by a loop: a native write costs more than so few bytes. */
const SHORT_KEY = 12;

/** Writes a latin1 string (every character one byte) at `at`. */
function writeLatin1(out: Buffer, text: string, at: number): void {
  const length = text.length;
  if (length > SHORT_KEY) {
    out.write(text, at, length, 'latin1');
    return;
  }
  for (let i = 0; i < length; i++) out[at + i] = text.charCodeAt(i);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
