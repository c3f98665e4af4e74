/**
 * Session-window aggregation (Kafka's KStreamSessionWindowAggregate). A record at t looks for the
 * key's sessions within the inactivity gap (end >= t − gap, start <= t + gap), merges them with the
 * merger into one session [min start, max end] and adds itself with the aggregator. Merged-away
 * sessions are removed and, under onWindowUpdate, forwarded as tombstones Change(null, old) for
 * their old windowed key. Output timestamps are the session end; update records carry no headers
 * (as in Kafka). A record is dropped as late when the merged session's end < stream time − grace −
 * gap; null keys are dropped. onWindowClose emits sessions whose end < that close time.
 */
import type { StreamRecord } from '../processor/api.js';
import { change } from '../processor/change.js';
import type { Aggregator, Initializer, Merger } from '../dsl/functions.js';
import type { EmitStrategy } from '../dsl/options.js';
import type { SessionStore } from '../stores/session-store.js';
import type { SessionWindows } from '../windows/windows.js';
import { windowed, type Windowed } from '../windows/windowed.js';
import type { TableProcessorSupplier, ValueGetterSupplier } from './table-supplier.js';
import { lastEmitKey, type Ctx } from './window-aggregate.js';

type Store<K, A> = SessionStore<K, A> & { name: string };
const NO_TIMESTAMP = -1;

export class SessionWindowAggregateSupplier<K, V, A> implements TableProcessorSupplier<Windowed<K>, A> {
  sendOldValues = false;

  constructor(
    readonly storeName: string,
    readonly emitStrategy: EmitStrategy,
    readonly windows: SessionWindows,
    readonly initializer: Initializer<A>,
    readonly aggregator: Aggregator<K, V, A>,
    readonly merger: Merger<K, A>,
  ) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }

  view(): ValueGetterSupplier<Windowed<K>, A> {
    const storeName = this.storeName;
    return {
      storeNames: [storeName],
      get() {
        let store: Store<K, A> | undefined;
        return {
          init: (ctx) => void (store = ctx.getStateStore<Store<K, A>>(storeName)),
          get: (key) => {
            const agg = store?.fetchSession(key.key, key.window.start, key.window.end) ?? null;
            return agg === null ? null : { value: agg, timestamp: key.window.end };
          },
        };
      },
    };
  }

  get() {
    return new SessionWindowAggregateProcessor<K, V, A>(this);
  }
}

class SessionWindowAggregateProcessor<K, V, A> {
  private ctx!: Ctx;
  private store!: Store<K, A>;
  private observedStreamTime = NO_TIMESTAMP;
  private lastEmitWindowCloseTime = NO_TIMESTAMP;

  constructor(private readonly spec: SessionWindowAggregateSupplier<K, V, A>) {}

  init(ctx: Ctx): void {
    this.ctx = ctx;
    this.store = ctx.getStateStore<Store<K, A>>(this.spec.storeName);
    this.lastEmitWindowCloseTime = ctx.processorMetadata?.get(lastEmitKey(this.spec.storeName)) ?? NO_TIMESTAMP;
  }

  process(record: StreamRecord<unknown, unknown>): void {
    if (record.key === null || record.key === undefined) {
      this.ctx.recordDropped('null-key');
      return;
    }
    const key = record.key as K;
    const ts = record.timestamp;
    const gap = this.spec.windows.inactivityGap();
    this.observedStreamTime = Math.max(this.observedStreamTime, ts);
    const closeTime = this.observedStreamTime - this.spec.windows.gracePeriodMs() - gap;
    // Closed sessions go out before this record's writes, which may expire them from the store.
    this.maybeForwardFinalResult(record, closeTime);
    let start = ts;
    let end = ts;
    let agg = this.spec.initializer();
    const merged = this.store.findSessions(key, ts - gap, ts + gap);
    for (const next of merged) {
      agg = this.spec.merger(key, agg, next.value);
      start = Math.min(start, next.key.window.start);
      end = Math.max(end, next.key.window.end);
    }
    if (end < closeTime) {
      this.ctx.recordDropped('late');
    } else {
      if (start !== ts || end !== ts) {
        for (const session of merged) {
          this.store.remove(session.key);
          this.maybeForwardUpdate(session.key, session.value, null);
        }
      }
      agg = this.spec.aggregator(key, record.value as V, agg);
      const sessionKey = windowed(key, start, end);
      this.store.put(sessionKey, agg);
      this.maybeForwardUpdate(sessionKey, null, agg);
    }
  }

  private maybeForwardUpdate(key: Windowed<K>, oldAgg: A | null, newAgg: A | null): void {
    if (this.spec.emitStrategy === 'onWindowClose') return;
    this.ctx.forward({ key, value: change(newAgg, this.spec.sendOldValues ? oldAgg : null), timestamp: key.window.end, headers: [] });
  }

  private maybeForwardFinalResult(record: StreamRecord<unknown, unknown>, closeTime: number): void {
    if (this.spec.emitStrategy !== 'onWindowClose') return;
    if (this.lastEmitWindowCloseTime !== NO_TIMESTAMP && this.lastEmitWindowCloseTime >= closeTime) return;
    const upper = closeTime - 1;
    if (upper < 0) return;
    const lower = Math.max(0, this.lastEmitWindowCloseTime);
    if (upper < lower) return;
    for (const kv of this.store.findSessions(lower, upper)) {
      this.ctx.forward({ key: kv.key, value: change(kv.value, null), timestamp: kv.key.window.end, headers: record.headers });
    }
    this.lastEmitWindowCloseTime = closeTime;
    this.ctx.processorMetadata?.set(lastEmitKey(this.spec.storeName), closeTime);
  }
}
