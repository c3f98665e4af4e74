/**
 * TestInputTopic / TestOutputTopic of the TopologyTestDriver (Kafka's KIP-470 classes): typed
 * piping into a topic and typed reading of what a topology wrote. Reading consumes: each record is
 * returned once, in the order it was produced.
 */
import type { Header } from '../client/log-client.js';
import type { KeyValue } from './processor/api.js';
import { deserializeNullable, serializeNullable, type Serde } from './serdes/serde.js';
import type { CollectedRecord } from './runtime/record-collector.js';

export interface TestRecord<K, V> {
  key: K | null;
  value: V | null;
  timestamp: number;
  headers: Header[];
}

export interface RawPipe {
  pipe(topic: string, key: Buffer | null, value: Buffer | null, timestamp: number, headers: Header[]): void;
  take(topic: string): CollectedRecord | undefined;
  queueSize(topic: string): number;
}

export class TestInputTopic<K, V> {
  private currentTimeMs: number;

  constructor(
    readonly name: string,
    private readonly driver: RawPipe,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    startTimestampMs = 0,
    private readonly autoAdvanceMs = 0,
  ) {
    this.currentTimeMs = startTimestampMs;
  }

  /** Pipes one record; without a timestamp the topic's current time is used (then auto-advanced). */
  pipeInput(key: K | null, value: V | null, timestampMs?: number, headers: Header[] = []): void {
    this.pipeRecord({ key, value, ...(timestampMs === undefined ? {} : { timestamp: timestampMs }), headers });
  }

  /** Pipes a record with a null key. */
  pipeValue(value: V | null, timestampMs?: number): void {
    this.pipeInput(null, value, timestampMs);
  }

  pipeRecord(r: { key?: K | null; value: V | null; timestamp?: number; headers?: Header[] }): void {
    let timestamp = r.timestamp;
    if (timestamp === undefined) {
      timestamp = this.currentTimeMs;
      this.currentTimeMs += this.autoAdvanceMs;
    }
    this.driver.pipe(
      this.name,
      serializeNullable(this.keySerde, this.name, r.key ?? null),
      serializeNullable(this.valueSerde, this.name, r.value),
      timestamp,
      r.headers ?? [],
    );
  }

  pipeRecordList(records: { key?: K | null; value: V | null; timestamp?: number; headers?: Header[] }[]): void {
    for (const r of records) this.pipeRecord(r);
  }

  pipeKeyValueList(pairs: KeyValue<K | null, V | null>[], startTimestampMs?: number, advanceMs = 0): void {
    let ts = startTimestampMs;
    for (const p of pairs) {
      this.pipeInput(p.key, p.value, ts);
      if (ts !== undefined) ts += advanceMs;
    }
  }

  pipeValueList(values: (V | null)[], startTimestampMs?: number, advanceMs = 0): void {
    this.pipeKeyValueList(
      values.map((value) => ({ key: null, value })),
      startTimestampMs,
      advanceMs,
    );
  }

  advanceTime(ms: number): void {
    this.currentTimeMs += ms;
  }
}

export class TestOutputTopic<K, V> {
  constructor(
    readonly name: string,
    private readonly driver: RawPipe,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {}

  readRecord(): TestRecord<K, V> {
    const raw = this.driver.take(this.name);
    if (!raw) throw new Error(`Empty topic: ${this.name}`);
    return {
      key: deserializeNullable(this.keySerde, this.name, raw.key),
      value: deserializeNullable(this.valueSerde, this.name, raw.value),
      timestamp: raw.timestamp,
      headers: raw.headers,
    };
  }

  readKeyValue(): KeyValue<K | null, V | null> {
    const r = this.readRecord();
    return { key: r.key, value: r.value };
  }

  readValue(): V | null {
    return this.readRecord().value;
  }

  readRecordsToList(): TestRecord<K, V>[] {
    const out: TestRecord<K, V>[] = [];
    while (!this.isEmpty()) out.push(this.readRecord());
    return out;
  }

  readKeyValuesToList(): KeyValue<K | null, V | null>[] {
    return this.readRecordsToList().map((r) => ({ key: r.key, value: r.value }));
  }

  readValuesToList(): (V | null)[] {
    return this.readRecordsToList().map((r) => r.value);
  }

  /**
   * Latest value per key, as Kafka's readKeyValuesToMap: a key whose last record is a tombstone
   * stays, with a null value; a record with a null key is an error (it has no place in a map).
   * Keys are the same key when their bytes are (Kafka compares them with equals): a windowed or
   * JSON key read twice is one entry, under the key object of its latest record.
   */
  readKeyValuesToMap(): Map<K, V | null> {
    const byBytes = new Map<string, { key: K; value: V | null }>();
    for (let raw = this.driver.take(this.name); raw !== undefined; raw = this.driver.take(this.name)) {
      if (raw.key === null) throw new Error(`Null keys not allowed with readKeyValuesToMap (a record of topic ${this.name} has a null key)`);
      const id = raw.key.toString('latin1');
      byBytes.delete(id); // the latest record's key object, in the latest record's place
      byBytes.set(id, { key: this.keySerde.deserialize(this.name, raw.key), value: deserializeNullable(this.valueSerde, this.name, raw.value) });
    }
    return new Map([...byBytes.values()].map(({ key, value }) => [key, value]));
  }

  getQueueSize(): number {
    return this.driver.queueSize(this.name);
  }

  isEmpty(): boolean {
    return this.getQueueSize() === 0;
  }
}
