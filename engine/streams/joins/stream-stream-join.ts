/**
 * Stream-stream windowed joins (Kafka's KStreamJoinWindow + KStreamKStreamJoin{Left,Right}Side
 * with the outer-join store of KIP-633's non-deprecated API).
 *
 * - Each side first passes through a "windowed" processor that (after forwarding) puts the record
 *   into its side's window store (retain duplicates, retention = before + after + grace).
 * - A left record at t joins every right record with ts in [t − before, t + after] (a right record
 *   at t: left records in [t − after, t + before]); each pair is emitted at max(ts) in arrival
 *   order. Records with a null key or value are skipped (KIP-962: a left/outer side forwards a
 *   null-key record as a non-match at once).
 * - Left/outer non-matches wait in the shared outer store and are emitted as (v, null) /
 *   (null, v) only when stream time (max over both sides) passes ts + window + grace — never
 *   early; a late non-match whose window is already over is emitted at once.
 */
import type { ProcessorContext, StreamRecord } from '../processor/api.js';
import type { Serde } from '../serdes/serde.js';
import type { InMemoryListValueStore } from '../stores/list-value-store.js';
import type { WindowStore } from '../stores/window-store.js';
import type { JoinWindows } from '../windows/windows.js';
import { int64, readInt64 } from '../stores/bytes.js';

type Ctx = ProcessorContext<unknown, unknown>;
const NO_TIMESTAMP = -1;

export interface TimestampedKeyAndJoinSide<K> {
  readonly key: K;
  readonly timestamp: number;
  readonly leftSide: boolean;
}

export interface LeftOrRightValue<VL, VR> {
  readonly left?: VL;
  readonly right?: VR;
}

/** [8-byte timestamp][1 byte: 1 = left][key bytes]: store order is time, right before left, key. */
export function timestampedKeyAndJoinSideSerde<K>(keySerde: Serde<K>): Serde<TimestampedKeyAndJoinSide<K>> {
  return {
    serialize(topic, v) {
      const key = keySerde.serialize(topic, v.key) ?? Buffer.alloc(0);
      return Buffer.concat([int64(v.timestamp), Buffer.from([v.leftSide ? 1 : 0]), key]);
    },
    deserialize(topic, bytes) {
      return { timestamp: readInt64(bytes, 0), leftSide: bytes[8] === 1, key: keySerde.deserialize(topic, bytes.subarray(9)) };
    },
  };
}

export function leftOrRightValueSerde<VL, VR>(left: Serde<VL>, right: Serde<VR>): Serde<LeftOrRightValue<VL, VR>> {
  return {
    serialize(topic, v) {
      const isLeft = v.left !== undefined;
      const bytes = (isLeft ? left.serialize(topic, v.left as VL) : right.serialize(topic, v.right as VR)) ?? Buffer.alloc(0);
      return Buffer.concat([Buffer.from([isLeft ? 1 : 0]), bytes]);
    },
    deserialize(topic, bytes) {
      const body = bytes.subarray(1);
      return bytes[0] === 1 ? { left: left.deserialize(topic, body) } : { right: right.deserialize(topic, body) };
    },
  };
}

/** Stream time and the smallest timestamp in the outer store, shared by both sides of one task. */
export class TimeTracker {
  streamTime = NO_TIMESTAMP;
  minTime = Number.MAX_SAFE_INTEGER;
}

export function joinWindowSupplier(storeName: string) {
  return () => {
    let ctx: Ctx;
    let store: WindowStore<unknown, unknown>;
    return {
      init: (c: Ctx) => {
        ctx = c;
        store = c.getStateStore<WindowStore<unknown, unknown> & { name: string }>(storeName);
      },
      process: (r: StreamRecord<unknown, unknown>) => {
        ctx.forward(r);
        if (r.key !== null && r.key !== undefined) store.put(r.key, r.value ?? null, r.timestamp);
      },
    };
  };
}

export interface JoinSideSpec {
  leftSide: boolean;
  otherStoreName: string;
  outerStoreName: string | null;
  windows: JoinWindows;
  /** Whether this side emits non-matches (left side of left/outer joins, right side of outer). */
  outer: boolean;
  /** (thisValue, otherValue, key) → joined value, in the order of this side. */
  joiner: (thisValue: unknown, otherValue: unknown, key: unknown) => unknown;
  trackers: Map<string, TimeTracker>;
}

export function joinSideSupplier(spec: JoinSideSpec) {
  const { windows, leftSide } = spec;
  const joinBeforeMs = leftSide ? windows.beforeMs : windows.afterMs;
  const joinAfterMs = leftSide ? windows.afterMs : windows.beforeMs;
  const graceMs = windows.gracePeriodMs();
  return () => {
    let ctx: Ctx;
    let other: WindowStore<unknown, unknown>;
    let outerStore: InMemoryListValueStore<TimestampedKeyAndJoinSide<unknown>, LeftOrRightValue<unknown, unknown>> | undefined;
    let tracker: TimeTracker;

    const thisValue = (v: LeftOrRightValue<unknown, unknown>) => (leftSide ? v.left : v.right) ?? null;
    const otherValue = (v: LeftOrRightValue<unknown, unknown>) => (leftSide ? v.right : v.left) ?? null;
    const isWindowOpen = (k: TimestampedKeyAndJoinSide<unknown>) =>
      tracker.minTime + (k.leftSide ? windows.afterMs : windows.beforeMs) + graceMs >= tracker.streamTime;

    const emitNonJoined = (r: StreamRecord<unknown, unknown>) => {
      if (!outerStore) return;
      // Kafka's Long.MAX_VALUE + after + grace overflows, so an unknown minimum (empty store, or
      // a store just restored from its changelog) always scans; keep that.
      if (tracker.minTime !== Number.MAX_SAFE_INTEGER && tracker.minTime + joinAfterMs + graceMs >= tracker.streamTime) return;
      tracker.minTime = Number.MAX_SAFE_INTEGER;
      let prevKey: TimestampedKeyAndJoinSide<unknown> | null = null;
      let leftOpen = false;
      let rightOpen = false;
      for (const kv of outerStore.all()) {
        tracker.minTime = kv.key.timestamp;
        if (leftOpen && rightOpen) break;
        if (isWindowOpen(kv.key)) {
          if (kv.key.leftSide) leftOpen = true;
          else rightOpen = true;
          continue;
        }
        ctx.forward({ key: kv.key.key, value: spec.joiner(thisValue(kv.value), otherValue(kv.value), kv.key.key), timestamp: kv.key.timestamp, headers: r.headers });
        if (prevKey !== null && !sameJoinKey(prevKey, kv.key)) outerStore.put(prevKey, null);
        prevKey = kv.key;
      }
      if (prevKey !== null) outerStore.put(prevKey, null);
    };

    return {
      init: (c: Ctx) => {
        ctx = c;
        other = c.getStateStore<WindowStore<unknown, unknown> & { name: string }>(spec.otherStoreName);
        if (spec.outerStoreName !== null) outerStore = c.getStateStore<NonNullable<typeof outerStore>>(spec.outerStoreName);
        const id = `${c.taskId.subtopology}_${c.taskId.partition}`;
        let shared = spec.trackers.get(id);
        if (!shared) spec.trackers.set(id, (shared = new TimeTracker()));
        tracker = shared;
      },
      process: (r: StreamRecord<unknown, unknown>) => {
        const ts = r.timestamp;
        tracker.streamTime = Math.max(tracker.streamTime, ts);
        const nullKey = r.key === null || r.key === undefined;
        const nullValue = r.value === null || r.value === undefined;
        if (spec.outer && nullKey && !nullValue) {
          ctx.forward({ ...r, value: spec.joiner(r.value, null, r.key) });
          return;
        }
        if (nullKey || nullValue) {
          ctx.recordDropped(nullKey ? 'null-key' : 'null-value');
          return;
        }
        if (ts === tracker.streamTime) emitNonJoined(r);
        const timeFrom = Math.max(0, ts - joinBeforeMs);
        const timeTo = Math.max(0, ts + joinAfterMs);
        const matches = other.fetch(r.key, timeFrom, timeTo);
        for (const m of matches) {
          outerStore?.removeIfPresent({ key: r.key, timestamp: m.timestamp, leftSide: !leftSide });
          ctx.forward({ key: r.key, value: spec.joiner(r.value, m.value, r.key), timestamp: Math.max(ts, m.timestamp), headers: r.headers });
        }
        if (spec.outer && matches.length === 0) {
          if (!outerStore || timeTo < tracker.streamTime) {
            ctx.forward({ ...r, value: spec.joiner(r.value, null, r.key) });
          } else {
            tracker.minTime = Math.min(tracker.minTime, ts);
            outerStore.put({ key: r.key, timestamp: ts, leftSide }, leftSide ? { left: r.value } : { right: r.value });
          }
        }
      },
      close: () => {
        spec.trackers.delete(`${ctx.taskId.subtopology}_${ctx.taskId.partition}`);
      },
    };
  };
}

function sameJoinKey(a: TimestampedKeyAndJoinSide<unknown>, b: TimestampedKeyAndJoinSide<unknown>): boolean {
  return a.timestamp === b.timestamp && a.leftSide === b.leftSide && JSON.stringify(a.key) === JSON.stringify(b.key);
}
