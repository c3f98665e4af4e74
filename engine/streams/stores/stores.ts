/**
 * Store builders for the Processor API and the DSL (Kafka's `Stores` factory, in-memory only).
 * Each builder makes a fresh store per task; logging (a compacted changelog topic) is on unless
 * `withLoggingDisabled()` is called.
 */
import type { Serde } from '../serdes/serde.js';
import { InMemoryKeyValueStore, timestampedSerde, type ValueAndTimestamp } from './key-value-store.js';
import { InMemorySessionStore } from './session-store.js';
import { BasicStoreBuilder } from './state-store.js';
import { InMemoryWindowStore } from './window-store.js';

export const Stores = {
  keyValueStoreBuilder<K, V>(name: string, keySerde: Serde<K>, valueSerde: Serde<V>): BasicStoreBuilder<InMemoryKeyValueStore<K, V>> {
    return new BasicStoreBuilder(name, 'key-value', () => new InMemoryKeyValueStore(name, keySerde, valueSerde));
  },

  timestampedKeyValueStoreBuilder<K, V>(
    name: string,
    keySerde: Serde<K>,
    valueSerde: Serde<V>,
  ): BasicStoreBuilder<InMemoryKeyValueStore<K, ValueAndTimestamp<V>>> {
    const serde = timestampedSerde(valueSerde);
    return new BasicStoreBuilder(name, 'key-value', () => new InMemoryKeyValueStore(name, keySerde, serde), undefined, true);
  },

  windowStoreBuilder<K, V>(
    name: string,
    options: { retentionMs: number; windowSizeMs: number; retainDuplicates?: boolean },
    keySerde: Serde<K>,
    valueSerde: Serde<V>,
  ): BasicStoreBuilder<InMemoryWindowStore<K, V>> {
    const { retentionMs, windowSizeMs, retainDuplicates = false } = options;
    if (windowSizeMs > retentionMs) {
      throw new Error(`The retention period of the window store ${name} must be no smaller than its window size. Got size=[${windowSizeMs}], retention=[${retentionMs}]`);
    }
    return new BasicStoreBuilder(
      name,
      'window',
      () => new InMemoryWindowStore(name, keySerde, valueSerde, retentionMs, windowSizeMs, retainDuplicates),
      retentionMs,
    );
  },

  timestampedWindowStoreBuilder<K, V>(
    name: string,
    options: { retentionMs: number; windowSizeMs: number; retainDuplicates?: boolean },
    keySerde: Serde<K>,
    valueSerde: Serde<V>,
  ): BasicStoreBuilder<InMemoryWindowStore<K, ValueAndTimestamp<V>>> {
    const inner = Stores.windowStoreBuilder(name, options, keySerde, timestampedSerde(valueSerde));
    return new BasicStoreBuilder(name, 'window', () => inner.build(), options.retentionMs, true);
  },

  sessionStoreBuilder<K, AGG>(name: string, retentionMs: number, keySerde: Serde<K>, aggSerde: Serde<AGG>): BasicStoreBuilder<InMemorySessionStore<K, AGG>> {
    return new BasicStoreBuilder(name, 'session', () => new InMemorySessionStore(name, keySerde, aggSerde, retentionMs), retentionMs);
  },
} as const;
