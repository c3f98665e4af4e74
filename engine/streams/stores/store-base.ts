/**
 * What every in-memory store shares: its name, its key serde, and the StoreContext it gets at
 * init (needed before any serde call, since serdes are topic-aware). Using a store before init
 * throws `notInitialized` naming it; a null key throws `nullKey` naming it.
 */
import type { Serde } from '../serdes/serde.js';
import { notInitialized, type StoreContext } from './state-store.js';

export abstract class SerdeStoreBase<K> {
  private ctx: StoreContext | undefined;

  constructor(
    readonly name: string,
    protected readonly keySerde: Serde<K>,
  ) {}

  init(context: StoreContext): void {
    this.ctx = context;
  }

  protected context(): StoreContext {
    if (!this.ctx) throw notInitialized(this.name);
    return this.ctx;
  }

  /** The key's bytes; a null key is refused (as Kafka's stores do), a serde returning null is a bug. */
  protected serializeKey(key: K): Buffer {
    if (key === null || key === undefined) throw nullKey(this.name);
    const bytes = this.keySerde.serialize(this.context().serdeTopic, key);
    if (bytes === null) throw new Error(`State store ${this.name}: the key serde returned null`);
    return bytes;
  }
}

/** Kafka's stores refuse a null key (MeteredKeyValueStore: "key cannot be null"). */
export function nullKey(store: string): TypeError {
  return new TypeError(`State store ${store}: the key cannot be null`);
}
