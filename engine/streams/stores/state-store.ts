/**
 * The runtime side of state stores: how a task opens a store, logs its writes to the changelog
 * and restores it. Every store is in memory; durability comes from its compacted changelog topic
 * `<applicationId>-<storeName>-changelog`, written through the task's RecordCollector to the
 * partition of the owning task.
 *
 * Invariants: a store logs every successful write (never a skipped, expired one) while logging is
 * enabled; `restore` applies changelog records in order without logging them again; restoring the
 * records a store logged rebuilds the same contents.
 */
import type { PayloadEncoder } from '../../client/record-batch-builder.js';
import type { StateStore } from '../processor/api.js';

export interface ChangelogRecord {
  key: Buffer | null;
  value: Buffer | null;
  timestamp?: number;
}

export interface StoreContext {
  readonly applicationId: string;
  /** The changelog topic (decorated with the application id), null when logging is disabled. */
  readonly changelogTopic: string | null;
  /** The topic name serdes see: the changelog topic name, logged or not (as Kafka does). */
  readonly serdeTopic: string;
  /**
   * Appends a change to the changelog (no-op when logging is disabled), timestamped `timestamp`,
   * else with the timestamp of the record being processed.
   */
  logChange(key: Buffer, value: Buffer | null, timestamp?: number): void;
  /**
   * Optional: as logChange, with the key bytes written by `encodeKey` from `key` straight into the
   * changelog's batch, during this call (so `key` may be an object the store reuses), and as the
   * value the bytes of `value` from `valueFrom` on (a timestamped store's value without its prefix).
   */
  logChangeEncoded?(key: unknown, encodeKey: PayloadEncoder, value: Buffer | null, timestamp?: number, valueFrom?: number): void;
}

export interface RuntimeStateStore extends StateStore {
  init(context: StoreContext): void;
  restore(records: readonly ChangelogRecord[]): void;
  flush(): void;
  close(): void;
}

export type StoreKind = 'key-value' | 'window' | 'session' | 'suppress-buffer' | 'list-value';

/** Describes a store of a topology; builds one fresh instance per task. */
export interface StoreBuilder<S extends RuntimeStateStore = RuntimeStateStore> {
  readonly name: string;
  readonly kind: StoreKind;
  readonly loggingEnabled: boolean;
  /** For window and session stores. */
  readonly retentionMs?: number;
  /** Values are ValueAndTimestamp (the DSL's key-value and window stores). */
  readonly timestamped?: boolean;
  build(): S;
}

export class BasicStoreBuilder<S extends RuntimeStateStore> implements StoreBuilder<S> {
  loggingEnabled = true;

  constructor(
    readonly name: string,
    readonly kind: StoreKind,
    private readonly factory: () => S,
    readonly retentionMs?: number,
    readonly timestamped = false,
  ) {}

  withLoggingDisabled(): this {
    this.loggingEnabled = false;
    return this;
  }

  withLoggingEnabled(): this {
    this.loggingEnabled = true;
    return this;
  }

  build(): S {
    return this.factory();
  }
}

export function changelogTopicName(applicationId: string, storeName: string): string {
  return `${applicationId}-${storeName}-changelog`;
}

export function notInitialized(name: string): Error {
  return new Error(`State store ${name} is not initialized`);
}
