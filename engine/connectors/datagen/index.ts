/**
 * The `source.datagen@1` connector: deterministic built-in data generators (clickstream, orders +
 * payments + customers, iot sensors, Nexmark persons/auctions/bids), their config schema, and a
 * rate-driven emitter (`startDatagen`). Same config (seed included) ⇒ same records, on every machine.
 *
 * Browser-safe (no `node:*` imports): the node catalog re-exports the config schema through
 * engine/connectors/registry.ts.
 */
export {
  datagenConfigSchema,
  parseDatagenConfig,
  resolveStartTime,
  DEFAULT_START_TIME,
  UNPACED_EVENT_RATE,
  GENERATOR_NAMES,
  type DatagenConfig,
  type DatagenConfigInput,
  type GeneratorName,
} from './config.js';
export { createGenerator, datagenOutputs, generate, GENERATOR_INFO, type GeneratorInfo } from './generators.js';
export { Prng } from './prng.js';
export type { GeneratedRecord, Generator } from './types.js';
export { nexmarkEventType, type NexmarkEventType } from './nexmark.js';
export { startDatagen, UNPACED_BATCH, type DatagenEmitter, type DatagenEmitterOptions, type DatagenSink } from './emitter.js';
