/**
 * The generator registry: config → Generator, the static facts about each generator (for the
 * catalog and the node's output ports), and `generate` — the first `count` records, the pure entry
 * point for tests and template fixtures.
 *
 * Invariant: `generate(config, n)` equals the first n records of `createGenerator(config)`, and of
 * what `startDatagen` emits for the same config.
 */
import { parseDatagenConfig, type DatagenConfig, type DatagenConfigInput, type GeneratorName } from './config.js';
import { ClickstreamGenerator } from './clickstream.js';
import { IotGenerator } from './iot.js';
import { NexmarkGenerator } from './nexmark.js';
import { OrdersGenerator } from './orders.js';
import type { GeneratedRecord, Generator } from './types.js';

export interface GeneratorInfo {
  name: GeneratorName;
  description: string;
  /** Logical outputs (record `stream` values), in a stable order. */
  topics: readonly string[];
  /** Which value field identifies the record (its key), per topic. */
  keys: Readonly<Record<string, string>>;
}

export const GENERATOR_INFO: Readonly<Record<GeneratorName, GeneratorInfo>> = {
  clickstream: {
    name: 'clickstream',
    description: 'Page views of users acting in bursts separated by idle gaps (session windows).',
    topics: ['clicks'],
    keys: { clicks: 'userId' },
  },
  orders: {
    name: 'orders',
    description: 'Orders, their payments a few seconds later (some late, some never) and a customers table.',
    topics: ['orders', 'payments', 'customers'],
    keys: { orders: 'orderId', payments: 'orderId', customers: 'customerId' },
  },
  iot: {
    name: 'iot',
    description: 'Sensor readings with per-sensor random walks, slowly draining batteries and occasional temperature spikes.',
    topics: ['readings'],
    keys: { readings: 'sensorId' },
  },
  nexmark: {
    name: 'nexmark',
    description: 'Nexmark benchmark persons, auctions and bids (1:3:46), with hot auctions, bidders and sellers.',
    topics: ['persons', 'auctions', 'bids'],
    keys: { persons: 'id', auctions: 'id', bids: 'auction' },
  },
};

/**
 * The logical outputs (record `stream` values) of the generator a raw, possibly half-typed config
 * names; `[]` when it names none. Never throws (for config-dependent ports on the canvas).
 */
export function datagenOutputs(config: unknown): readonly string[] {
  if (typeof config !== 'object' || config === null) return [];
  const name: unknown = (config as { generator?: unknown }).generator;
  return typeof name === 'string' && Object.hasOwn(GENERATOR_INFO, name) ? GENERATOR_INFO[name as GeneratorName].topics : [];
}

/** A fresh generator at record 0. Accepts a raw (unparsed) config too; throws a ZodError if invalid. */
export function createGenerator(config: DatagenConfigInput | DatagenConfig): Generator {
  const parsed = parseDatagenConfig(config);
  switch (parsed.generator) {
    case 'clickstream':
      return new ClickstreamGenerator(parsed);
    case 'orders':
      return new OrdersGenerator(parsed);
    case 'iot':
      return new IotGenerator(parsed);
    case 'nexmark':
      return new NexmarkGenerator(parsed);
  }
}

/** The first `count` records (fewer if `maxRecords` is smaller). */
export function generate(config: DatagenConfigInput | DatagenConfig, count: number): GeneratedRecord[] {
  const parsed = parseDatagenConfig(config);
  const n = Math.min(count, parsed.maxRecords ?? Infinity);
  const generator = createGenerator(parsed);
  const out: GeneratedRecord[] = [];
  for (let i = 0; i < n; i++) out.push(generator.next());
  return out;
}
