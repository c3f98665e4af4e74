import { describe, expect, it } from 'vitest';
import { InMemoryKeyValueStore, InMemorySessionStore, InMemoryWindowStore, Serdes, timestampedSerde, valueAndTimestamp, windowed, type ChangelogRecord } from '../index.js';
import type { StoreContext } from './state-store.js';

const S = Serdes.String();
const I = Serdes.Int32();

function context(log: ChangelogRecord[]): StoreContext {
  return { applicationId: 'app', changelogTopic: 'app-s-changelog', serdeTopic: 'app-s-changelog', logChange: (key, value) => log.push({ key, value }) };
}

describe('in-memory stores', () => {
  it('key-value: byte-ordered iteration, ranges, deletes logged as tombstones', () => {
    const log: ChangelogRecord[] = [];
    const store = new InMemoryKeyValueStore('s', S, I);
    store.init(context(log));
    for (const [k, v] of [['b', 2], ['a', 1], ['c', 3]] as const) store.put(k, v);
    expect(store.all().map((kv) => kv.key)).toEqual(['a', 'b', 'c']);
    expect(store.range('b', 'c')).toEqual([
      { key: 'b', value: 2 },
      { key: 'c', value: 3 },
    ]);
    expect(store.putIfAbsent('a', 9)).toBe(1);
    expect(store.delete('b')).toBe(2);
    expect(store.get('b')).toBeNull();
    expect(log.at(-1)).toEqual({ key: Buffer.from('b'), value: null });
    const copy = new InMemoryKeyValueStore('s', S, I);
    copy.init(context([]));
    copy.restore(log);
    expect(copy.all()).toEqual(store.all());
  });

  it('refuse a null key, naming the store, and read a null range bound as open (as Kafka does)', () => {
    const kv = new InMemoryKeyValueStore<string | null, number>('counts', S as never, I);
    kv.init(context([]));
    for (const [k, v] of [['b', 2], ['a', 1], ['c', 3]] as const) kv.put(k, v);
    expect(() => kv.put(null, 5)).toThrow('State store counts: the key cannot be null');
    expect(() => kv.get(null)).toThrow('State store counts: the key cannot be null');
    expect(kv.range(null, 'b').map((e) => e.key)).toEqual(['a', 'b']);
    expect(kv.range('b', null).map((e) => e.key)).toEqual(['b', 'c']);
    expect(kv.range(null, null)).toHaveLength(3);
    const windows = new InMemoryWindowStore<string | null, number>('w', S as never, I, 10, 5, false);
    windows.init(context([]));
    expect(() => windows.put(null, 1, 0)).toThrow('State store w: the key cannot be null');
    const sessions = new InMemorySessionStore<string | null, number>('sessions', S as never, I, 10);
    sessions.init(context([]));
    expect(() => sessions.findSessions(null, 0, 10)).toThrow('State store sessions: the key cannot be null');
  });

  it("key-value: Kafka's reverse ranges, prefix scans by a prefix serde's bytes, and putAll", () => {
    const store = new InMemoryKeyValueStore('s', S, I);
    store.init(context([]));
    store.putAll([
      { key: 'user:2', value: 2 },
      { key: 'user:10', value: 10 },
      { key: 'order:1', value: 1 },
      { key: 'user', value: 0 },
    ]);
    const keys = (entries: Array<{ key: string }>) => entries.map((e) => e.key);
    expect(keys(store.prefixScan('user:', S))).toEqual(['user:10', 'user:2']);
    expect(keys(store.prefixScan('', S))).toEqual(['order:1', 'user', 'user:10', 'user:2']);
    expect(store.prefixScan('zzz', S)).toEqual([]);
    expect(keys(store.reverseRange('user', 'user:2'))).toEqual(['user:2', 'user:10', 'user']);
    expect(keys(store.reverseAll())).toEqual(['user:2', 'user:10', 'user', 'order:1']);
    store.putAll([{ key: 'user', value: null }]);
    expect(store.get('user')).toBeNull();
  });

  it('a timestamped value holding null deletes (Kafka: ValueAndTimestamp.make(null, t) is null)', () => {
    const log: ChangelogRecord[] = [];
    const store = new InMemoryKeyValueStore('t', S, timestampedSerde(Serdes.Long()));
    store.init(context(log));
    store.put('k', valueAndTimestamp(4, 10));
    store.put('k', valueAndTimestamp(null as unknown as number, 11));
    expect(store.get('k')).toBeNull();
    expect(log.at(-1)).toEqual({ key: Buffer.from('k'), value: null });
  });

  it('window: drops writes older than retention and never returns expired windows', () => {
    const store = new InMemoryWindowStore('w', S, I, 10, 5, false);
    store.init(context([]));
    store.put('k', 1, 0);
    store.put('k', 2, 5);
    store.put('j', 3, 5);
    expect(store.fetch('k', 0, 100)).toEqual([
      { timestamp: 0, value: 1 },
      { timestamp: 5, value: 2 },
    ]);
    expect(store.fetchAll(5, 5).map((kv) => [kv.key, kv.value])).toEqual([
      [windowed('j', 5, 10), 3],
      [windowed('k', 5, 10), 2],
    ]);
    store.put('k', 4, 12); // observed stream time 12: windows starting at or before 2 are gone
    expect(store.fetch('k', 0)).toBeNull();
    store.put('k', 7, 1); // expired on arrival
    expect(store.fetch('k', 0, 100).map((e) => e.timestamp)).toEqual([5, 12]);
    expect(store.backwardFetch('k', 0, 100).map((e) => e.timestamp)).toEqual([12, 5]);
  });

  it("window: Kafka's key-range fetch (null bounds open), backward fetches and backwardFetchAll", () => {
    const store = new InMemoryWindowStore<string, number>('w', S, I, 100, 10, false);
    store.init(context([]));
    for (const [key, start, value] of [['a', 0, 1], ['b', 0, 2], ['c', 0, 3], ['b', 10, 4], ['d', 10, 5]] as const) store.put(key, value, start);
    const shown = (entries: Array<{ key: { key: string; window: { start: number } }; value: number }>) => entries.map((e) => `${e.key.key}@${e.key.window.start}=${e.value}`);
    expect(shown(store.fetch('b', 'c', 0, 10))).toEqual(['b@0=2', 'c@0=3', 'b@10=4']);
    expect(shown(store.fetch(null, 'b', 0, 10))).toEqual(['a@0=1', 'b@0=2', 'b@10=4']);
    expect(shown(store.fetch('c', null, 0, 10))).toEqual(['c@0=3', 'd@10=5']);
    expect(shown(store.backwardFetch('b', 'c', 0, 10))).toEqual(['b@10=4', 'c@0=3', 'b@0=2']);
    expect(shown(store.backwardFetchAll(0, 0))).toEqual(['c@0=3', 'b@0=2', 'a@0=1']);
    expect(store.backwardFetch('b', 0, 10)).toEqual([
      { timestamp: 10, value: 4 },
      { timestamp: 0, value: 2 },
    ]);
  });

  it('window with duplicates keeps every put at the same start', () => {
    const store = new InMemoryWindowStore('w', S, I, 100, 10, true);
    store.init(context([]));
    store.put('k', 1, 3);
    store.put('k', 2, 3);
    store.put('k', null, 3);
    expect(store.fetch('k', 0, 10).map((e) => e.value)).toEqual([1, 2]);
  });

  it('session: finds overlapping sessions of a key and sessions by end time', () => {
    const store = new InMemorySessionStore('s', S, I, 1000);
    store.init(context([]));
    store.put(windowed('a', 0, 5), 1);
    store.put(windowed('a', 10, 20), 2);
    store.put(windowed('b', 3, 4), 3);
    expect(store.findSessions('a', 4, 12).map((kv) => kv.value)).toEqual([1, 2]);
    expect(store.findSessions('a', 6, 9)).toEqual([]);
    expect(store.findSessions(0, 5).map((kv) => [kv.key.key, kv.value])).toEqual([
      ['b', 3],
      ['a', 1],
    ]);
    expect(store.fetchSession('a', 10, 20)).toBe(2);
    store.remove(windowed('a', 10, 20));
    expect(store.fetch('a').map((kv) => kv.value)).toEqual([1]);
  });
});
