/**
 * Stateless record-stream processors (Kafka's KStreamFilter, KStreamMap, KStreamMapValues,
 * KStreamFlatMap, KStreamFlatMapValues, KStreamPeek, KStreamBranch, PassThrough). Timestamps and
 * headers pass through unchanged; null keys and values are passed to user functions as they are.
 * Derived records are built as plain 4-field literals (these run once per record per node).
 */
import type { KeyValue, Processor, ProcessorContext, ProcessorSupplier, StreamRecord } from '../processor/api.js';
import type { FlatMapper, ForeachAction, KeyValueMapper, Predicate, ValueFlatMapper, ValueMapper } from '../dsl/functions.js';

type AnyProcessor = Processor<unknown, unknown, unknown, unknown>;
type Supplier = ProcessorSupplier<unknown, unknown, unknown, unknown>;

function simple(process: (ctx: ProcessorContext, r: StreamRecord<unknown, unknown>) => void): Supplier {
  return (): AnyProcessor => {
    let ctx: ProcessorContext | undefined;
    return {
      init: (c) => void (ctx = c),
      process: (r) => {
        if (ctx === undefined) throw new Error('processor not initialized');
        process(ctx, r);
      },
    };
  };
}

function derive(r: StreamRecord<unknown, unknown>, key: unknown, value: unknown): StreamRecord<unknown, unknown> {
  return { key, value, timestamp: r.timestamp, headers: r.headers };
}

export function filterSupplier<K, V>(predicate: Predicate<K, V>, not: boolean): Supplier {
  return simple((ctx, r) => {
    if (predicate(r.key as K, r.value as V) !== not) ctx.forward(r);
  });
}

export function mapSupplier<K, V, K2, V2>(mapper: KeyValueMapper<K, V, KeyValue<K2, V2>>): Supplier {
  return simple((ctx, r) => {
    const kv = mapper(r.key as K, r.value as V);
    ctx.forward(derive(r, kv.key, kv.value));
  });
}

export function mapValuesSupplier<K, V, V2>(mapper: ValueMapper<V, V2, K>): Supplier {
  return simple((ctx, r) => ctx.forward(derive(r, r.key, mapper(r.value as V, r.key as K) ?? null)));
}

export function selectKeySupplier<K, V, K2>(mapper: KeyValueMapper<K, V, K2>): Supplier {
  return simple((ctx, r) => ctx.forward(derive(r, mapper(r.key as K, r.value as V) ?? null, r.value)));
}

export function flatMapSupplier<K, V, K2, V2>(mapper: FlatMapper<K, V, K2, V2>): Supplier {
  return simple((ctx, r) => {
    for (const kv of mapper(r.key as K, r.value as V)) ctx.forward(derive(r, kv.key, kv.value));
  });
}

export function flatMapValuesSupplier<K, V, V2>(mapper: ValueFlatMapper<V, V2, K>): Supplier {
  return simple((ctx, r) => {
    for (const v of mapper(r.value as V, r.key as K)) ctx.forward(derive(r, r.key, v));
  });
}

export function peekSupplier<K, V>(action: ForeachAction<K, V>, forward: boolean): Supplier {
  return simple((ctx, r) => {
    action(r.key as K, r.value as V);
    if (forward) ctx.forward(r);
  });
}

export function passThroughSupplier(): Supplier {
  return simple((ctx, r) => ctx.forward(r));
}

/** Forwards to the child of the first matching predicate, else to the default child (if any). */
export function branchSupplier<K, V>(predicates: Predicate<K, V>[], childNames: string[]): Supplier {
  return simple((ctx, r) => {
    for (let i = 0; i < predicates.length; i++) {
      if (predicates[i]?.(r.key as K, r.value as V)) {
        ctx.forward(r, childNames[i]);
        return;
      }
    }
    const fallback = childNames[predicates.length];
    if (fallback !== undefined) ctx.forward(r, fallback);
  });
}

/** The filter Kafka puts before a repartition sink; drops null keys when asked. */
export function repartitionFilterSupplier(dropNullKeys: boolean): Supplier {
  return simple((ctx, r) => {
    if (dropNullKeys && (r.key === null || r.key === undefined)) {
      ctx.recordDropped('null-key');
      return;
    }
    ctx.forward(r);
  });
}
