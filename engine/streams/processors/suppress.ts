/**
 * KTable#suppress (Kafka's KTableSuppressProcessorSupplier over the time-ordered change buffer).
 *
 * - untilWindowCloses: a windowed key is buffered at its window end and emitted once
 *   `windowEnd <= streamTime − grace` (grace of the upstream windows; for sessions gap + grace);
 *   tombstones are not emitted (final results never retract).
 * - untilTimeLimit(d): a key is buffered at the timestamp of its first buffered update and its
 *   latest value is emitted once that time <= streamTime − d; tombstones are emitted.
 * Stream time here is the max timestamp this processor has seen. An emitted record keeps the
 * timestamp and headers of the update it carries. A full buffer emits early or fails
 * (STREAMS_PROCESSING_FAILED), as configured.
 */
import type { ProcessorContext, StreamRecord } from '../processor/api.js';
import type { Change } from '../processor/change.js';
import type { Suppressed } from '../dsl/options.js';
import type { InMemorySuppressBuffer } from '../stores/suppress-buffer.js';
import type { Windowed } from '../windows/windowed.js';
import type { TableProcessorSupplier, ValueGetterSupplier } from './table-supplier.js';

type Ctx = ProcessorContext<unknown, unknown>;
const NO_TIMESTAMP = -1;

interface ParentTable<K, V> {
  enableSendingOldValues(force: boolean): boolean;
  valueGetterSupplier(): ValueGetterSupplier<K, V>;
}

export class SuppressSupplier<K, V> implements TableProcessorSupplier<K, V> {
  constructor(
    private readonly suppressed: Suppressed,
    private readonly storeName: string,
    /** How long to wait: the window grace (final results) or the time limit. */
    private readonly suppressDurationMs: number,
    private readonly parent: ParentTable<K, V>,
  ) {
    // The buffer keeps the prior value of buffered keys, so it needs old values.
    parent.enableSendingOldValues(true);
  }

  enableSendingOldValues(force: boolean): boolean {
    return this.parent.enableSendingOldValues(force);
  }

  view(): ValueGetterSupplier<K, V> {
    const parent = this.parent.valueGetterSupplier();
    const storeName = this.storeName;
    return {
      storeNames: [storeName, ...parent.storeNames],
      get() {
        const getter = parent.get();
        let buffer: InMemorySuppressBuffer<K, V> | undefined;
        return {
          init: (ctx) => {
            getter.init(ctx);
            buffer = ctx.getStateStore<InMemorySuppressBuffer<K, V>>(storeName);
          },
          get: (key) => {
            const prior = buffer?.priorValueForBuffered(key);
            if (prior === undefined) return getter.get(key);
            return prior.value === null ? null : { value: prior.value, timestamp: NO_TIMESTAMP };
          },
        };
      },
    };
  }

  get() {
    let ctx: Ctx;
    let buffer: InMemorySuppressBuffer<K, V>;
    let observedStreamTime = NO_TIMESTAMP;
    const finalResults = this.suppressed.kind === 'untilWindowCloses';
    const maxRecords = this.suppressed.buffer.maxRecords ?? Number.POSITIVE_INFINITY;
    const maxBytes = this.suppressed.buffer.maxBytes ?? Number.POSITIVE_INFINITY;
    const shutDown = this.suppressed.buffer.whenFull === 'shut-down';
    const overCapacity = () => buffer.numRecords() > maxRecords || buffer.bufferSize() > maxBytes;
    const emit = (e: { key: K; value: Change<V>; context: { timestamp: number; headers: StreamRecord<unknown, unknown>['headers'] } }) => {
      if (e.value.newValue === null && finalResults) return;
      ctx.forward({ key: e.key, value: e.value, timestamp: e.context.timestamp, headers: e.context.headers });
    };
    return {
      init: (c: Ctx) => {
        ctx = c;
        buffer = c.getStateStore<InMemorySuppressBuffer<K, V>>(this.storeName);
      },
      process: (r: StreamRecord<unknown, unknown>) => {
        observedStreamTime = Math.max(observedStreamTime, r.timestamp);
        const bufferTime = finalResults ? (r.key as Windowed<unknown>).window.end : r.timestamp;
        buffer.put(bufferTime, r.key as K, r.value as Change<V>, { timestamp: r.timestamp, headers: r.headers, origin: ctx.recordMetadata() });
        const expiryTime = observedStreamTime - this.suppressDurationMs;
        buffer.evictWhile(() => buffer.minTimestamp() <= expiryTime, emit);
        if (overCapacity()) {
          if (shutDown) {
            throw new Error(
              `Suppression buffer ${this.storeName} exceeded its max capacity. Currently [${buffer.numRecords()}/${limit(maxRecords)}] records and [${buffer.bufferSize()}/${limit(maxBytes)}] bytes.`,
            );
          }
          buffer.evictWhile(overCapacity, emit);
        }
      },
    };
  }
}

const limit = (bound: number): string => (Number.isFinite(bound) ? String(bound) : 'unbounded');
