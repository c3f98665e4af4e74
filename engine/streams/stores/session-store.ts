/**
 * In-memory session store (Kafka's InMemorySessionStore with change logging).
 *
 * Sessions are (key, start, end) → aggregate, indexed by end time, then key bytes, then start —
 * the iteration order of every query. Retention: the observed stream time is the max session
 * end put; a put with end <= observed − retention is dropped as expired.
 * Changelog key: key bytes + 8-byte end + 8-byte start (SessionKeySchema#toBinary).
 */
import type { KeyValue } from '../processor/api.js';
import type { Serde } from '../serdes/serde.js';
import { SerdeStoreBase } from './store-base.js';
import { windowed, type Windowed } from '../windows/windowed.js';
import { SortedHexMap, SortedSet, hexOf } from './bytes.js';
import { type ChangelogRecord, type RuntimeStateStore } from './state-store.js';

export interface ReadOnlySessionStore<K, AGG> {
  readonly name: string;
  /** Sessions of `key` with end >= earliestSessionEndTime and start <= latestSessionStartTime. */
  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  /** Sessions of every key with earliestSessionEndTime <= end <= latestSessionEndTime. */
  findSessions(earliestSessionEndTime: number, latestSessionEndTime: number): KeyValue<Windowed<K>, AGG>[];
  fetchSession(key: K, sessionStart: number, sessionEnd: number): AGG | null;
  /** Every session of `key`. */
  fetch(key: K): KeyValue<Windowed<K>, AGG>[];
  all(): KeyValue<Windowed<K>, AGG>[];
}

export interface SessionStore<K, AGG> extends ReadOnlySessionStore<K, AGG> {
  put(sessionKey: Windowed<K>, aggregate: AGG | null): void;
  remove(sessionKey: Windowed<K>): void;
}

interface KeySlot {
  key: Buffer;
  byStart: Map<number, Buffer>;
}

const NO_TIMESTAMP = -1;

export class InMemorySessionStore<K, AGG> extends SerdeStoreBase<K> implements SessionStore<K, AGG>, RuntimeStateStore {
  private readonly byEnd = new Map<number, SortedHexMap<KeySlot>>();
  private readonly ends = new SortedSet<number>();
  private observedStreamTime = NO_TIMESTAMP;

  constructor(
    name: string,
    keySerde: Serde<K>,
    private readonly aggSerde: Serde<AGG>,
    readonly retentionMs: number,
  ) {
    super(name, keySerde);
  }

  put(sessionKey: Windowed<K>, aggregate: AGG | null): void {
    const keyBytes = this.serializeKey(sessionKey.key);
    const value = aggregate === null || aggregate === undefined ? null : this.aggSerde.serialize(this.context().serdeTopic, aggregate);
    const { start, end } = sessionKey.window;
    if (this.putBytes(keyBytes, start, end, value)) this.context().logChange(changelogKey(keyBytes, start, end), value);
  }

  remove(sessionKey: Windowed<K>): void {
    this.put(sessionKey, null);
  }

  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  findSessions(earliestSessionEndTime: number, latestSessionEndTime: number): KeyValue<Windowed<K>, AGG>[];
  findSessions(a: K | number, b: number, c?: number): KeyValue<Windowed<K>, AGG>[] {
    if (c === undefined) {
      return this.scan(null, a as number, b, Number.MAX_SAFE_INTEGER);
    }
    return this.scan(hexOf(this.serializeKey(a as K)), b, Number.MAX_SAFE_INTEGER, c);
  }

  fetchSession(key: K, sessionStart: number, sessionEnd: number): AGG | null {
    if (sessionEnd <= this.observedStreamTime - this.retentionMs) return null;
    const bytes = this.byEnd.get(sessionEnd)?.get(hexOf(this.serializeKey(key)))?.byStart.get(sessionStart);
    return bytes ? this.aggSerde.deserialize(this.context().serdeTopic, bytes) : null;
  }

  fetch(key: K): KeyValue<Windowed<K>, AGG>[] {
    return this.scan(hexOf(this.serializeKey(key)), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  all(): KeyValue<Windowed<K>, AGG>[] {
    return this.scan(null, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  restore(records: readonly ChangelogRecord[]): void {
    for (const r of records) {
      if (!r.key || r.key.length < 16) continue;
      const keyLength = r.key.length - 16;
      const end = Number(r.key.readBigInt64BE(keyLength));
      const start = Number(r.key.readBigInt64BE(keyLength + 8));
      this.putBytes(r.key.subarray(0, keyLength), start, end, r.value);
    }
  }

  flush(): void {}

  close(): void {
    this.byEnd.clear();
    this.ends.clear();
  }

  /** Sessions with minEnd <= end <= maxEnd and start <= maxStart, of one key (hex) or all keys. */
  private scan(hex: string | null, minEnd: number, maxEnd: number, maxStart: number): KeyValue<Windowed<K>, AGG>[] {
    const topic = this.context().serdeTopic;
    const lowest = Math.max(minEnd, this.observedStreamTime - this.retentionMs + 1);
    const ends = this.ends.range(lowest, maxEnd);
    const out: KeyValue<Windowed<K>, AGG>[] = [];
    for (const end of ends) {
      const keys = this.byEnd.get(end);
      if (!keys) continue;
      const slots = hex === null ? keys.range().map(([, s]) => s) : [keys.get(hex)].filter((s): s is KeySlot => s !== undefined);
      for (const slot of slots) {
        const key = this.keySerde.deserialize(topic, slot.key);
        for (const start of [...slot.byStart.keys()].sort((x, y) => x - y)) {
          if (start > maxStart) continue;
          const bytes = slot.byStart.get(start);
          if (bytes) out.push({ key: windowed(key, start, end), value: this.aggSerde.deserialize(topic, bytes) });
        }
      }
    }
    return out;
  }

  private putBytes(key: Buffer, start: number, end: number, value: Buffer | null): boolean {
    this.observedStreamTime = Math.max(this.observedStreamTime, end);
    if (end <= this.observedStreamTime - this.retentionMs) return false;
    const hex = hexOf(key);
    let keys = this.byEnd.get(end);
    if (value === null) {
      const slot = keys?.get(hex);
      slot?.byStart.delete(start);
      if (slot && slot.byStart.size === 0) keys?.delete(hex);
      if (keys && keys.size === 0) {
        this.byEnd.delete(end);
        this.ends.delete(end);
      }
    } else {
      if (!keys) {
        this.byEnd.set(end, (keys = new SortedHexMap<KeySlot>()));
        this.ends.add(end);
      }
      let slot = keys.get(hex);
      if (!slot) keys.set(hex, (slot = { key: Buffer.from(key), byStart: new Map() }));
      slot.byStart.set(start, Buffer.from(value));
    }
    for (const e of this.ends.deleteBelow(this.observedStreamTime - this.retentionMs + 1)) this.byEnd.delete(e);
    return true;
  }
}

function changelogKey(key: Buffer, start: number, end: number): Buffer {
  const out = Buffer.alloc(key.length + 16);
  key.copy(out, 0);
  out.writeBigInt64BE(BigInt(end), key.length);
  out.writeBigInt64BE(BigInt(start), key.length + 8);
  return out;
}
