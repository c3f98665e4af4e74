/**
 * Option objects of the DSL — the TypeScript form of Kafka's Consumed, Produced, Grouped,
 * Materialized, Named, Repartitioned, Joined, StreamJoined, Branched, Suppressed and EmitStrategy.
 * A `name` given here replaces the generated processor/store/topic name exactly where Kafka's
 * does; serdes left out are inherited from upstream or fall back to the builder's defaults.
 */
import { topologyError } from '../errors.js';
import type { TimestampExtractor } from '../processor/api.js';
import type { Serde } from '../serdes/serde.js';
import type { StreamPartitioner } from '../topology/nodes.js';
import type { KStream } from './kstream.js';

export interface Named {
  /** The processor name (Kafka's Named.as). */
  name?: string;
}

export interface Consumed<K, V> extends Named {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  timestampExtractor?: TimestampExtractor<K, V>;
}

export interface Produced<K, V> extends Named {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  partitioner?: StreamPartitioner<K, V>;
}

export interface Grouped<K, V> {
  /** Names the repartition topic (`<name>-repartition`) and the key-select processor. */
  name?: string;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
}

export interface Repartitioned<K, V> {
  /** The repartition topic becomes `<applicationId>-<name>-repartition`. */
  name?: string;
  numberOfPartitions?: number;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  partitioner?: StreamPartitioner<K, V>;
}

export interface Materialized<K, V> {
  /** The store name (Kafka's Materialized.as); makes the store queryable under that name. */
  storeName?: string;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  /** Window/session store retention (Materialized#withRetention). */
  retentionMs?: number;
  /** Default true: the store has a changelog topic. */
  loggingEnabled?: boolean;
}

export interface Joined<K, V, VO> extends Named {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  otherValueSerde?: Serde<VO>;
}

export interface StreamJoined<K, V, VO> extends Named {
  /** Base name of the join stores (`<storeName>-this-join-store`, …). */
  storeName?: string;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  otherValueSerde?: Serde<VO>;
  loggingEnabled?: boolean;
}

export interface Branched<K, V> {
  name?: string;
  chain?: (branch: KStream<K, V>) => KStream<K, V> | undefined;
  consumer?: (branch: KStream<K, V>) => void;
}

export const Branched = {
  as<K, V>(name: string): Branched<K, V> {
    return { name };
  },
  withFunction<K, V>(chain: (branch: KStream<K, V>) => KStream<K, V> | undefined, name?: string): Branched<K, V> {
    return name === undefined ? { chain } : { chain, name };
  },
  withConsumer<K, V>(consumer: (branch: KStream<K, V>) => void, name?: string): Branched<K, V> {
    return name === undefined ? { consumer } : { consumer, name };
  },
} as const;

export type EmitStrategy = 'onWindowUpdate' | 'onWindowClose';

export const EmitStrategy = {
  onWindowUpdate: (): EmitStrategy => 'onWindowUpdate',
  onWindowClose: (): EmitStrategy => 'onWindowClose',
} as const;

export interface BufferConfig {
  /** Unbounded when absent. */
  maxRecords?: number;
  /** Unbounded when absent; records are counted at Kafka's size estimate (key, values, record context). */
  maxBytes?: number;
  /**
   * What a bounded buffer does when full: emit its oldest records early (the default), or fail
   * (Kafka's shutDownWhenFull). Final results (untilWindowCloses) take only 'shut-down'.
   */
  whenFull?: 'emit-early' | 'shut-down';
  loggingEnabled?: boolean;
}

type WhenFull = NonNullable<BufferConfig['whenFull']>;

export const BufferConfig = {
  unbounded: (): BufferConfig => ({}),
  maxRecords: (maxRecords: number, whenFull: WhenFull = 'emit-early'): BufferConfig => ({ maxRecords: bound('maxRecords', maxRecords), whenFull }),
  maxBytes: (maxBytes: number, whenFull: WhenFull = 'emit-early'): BufferConfig => ({ maxBytes: bound('maxBytes', maxBytes), whenFull }),
} as const;

function bound(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`BufferConfig.${name} must be a whole number >= 0, got ${value}`);
  return value;
}

/**
 * Kafka's StrictBufferConfig: a final result may never be emitted before its window closes, so
 * untilWindowCloses takes only a buffer that cannot fill or shuts down when it does.
 */
export function requireStrict(buffer: BufferConfig): BufferConfig {
  const bounded = buffer.maxRecords !== undefined || buffer.maxBytes !== undefined;
  if (bounded && buffer.whenFull !== 'shut-down') {
    throw topologyError(
      "suppress(untilWindowCloses) needs a strict buffer: BufferConfig.unbounded(), or a bound with whenFull 'shut-down'. A buffer that emits early when full would emit results of windows that have not closed.",
    );
  }
  return buffer;
}

export type Suppressed =
  | { kind: 'untilWindowCloses'; name?: string; buffer: BufferConfig }
  | { kind: 'untilTimeLimit'; timeToWaitMs: number; name?: string; buffer: BufferConfig };

export const Suppressed = {
  /** Final results only: one record per window, once stream time passes window end + grace. */
  untilWindowCloses(buffer: BufferConfig = {}, name?: string): Suppressed {
    requireStrict(buffer);
    return name === undefined ? { kind: 'untilWindowCloses', buffer } : { kind: 'untilWindowCloses', buffer, name };
  },
  /** Rate limit: a key's latest value is emitted `timeToWaitMs` of stream time after its first update. */
  untilTimeLimit(timeToWaitMs: number, buffer: BufferConfig = {}, name?: string): Suppressed {
    return name === undefined ? { kind: 'untilTimeLimit', timeToWaitMs, buffer } : { kind: 'untilTimeLimit', timeToWaitMs, buffer, name };
  },
} as const;
