/**
 * Config schema of the `source.datagen@1` node (zod, catalog style: every field has a default or
 * is optional, and a `.describe()` text the canvas shows as help). Parsing never invents values
 * that depend on the wall clock: without `startTime` event time starts at DEFAULT_START_TIME, so a
 * document plus its seed always yields the same records.
 *
 * Per-generator options are flat fields (a form can show the ones of the chosen generator); each
 * description says which generator reads it. Other generators ignore them.
 */
import { z } from 'zod';

/** Event time of record 0 when no `startTime` is configured: 2024-01-01T00:00:00Z. */
export const DEFAULT_START_TIME = Date.UTC(2024, 0, 1);

/** Event-time rate assumed when `ratePerSec` is 0 (emit as fast as possible). */
export const UNPACED_EVENT_RATE = 1000;

export const GENERATOR_NAMES = ['clickstream', 'orders', 'iot', 'nexmark'] as const;
export type GeneratorName = (typeof GENERATOR_NAMES)[number];

const probability = z.number().min(0).max(1);

export const datagenConfigSchema = z.strictObject({
  generator: z.enum(GENERATOR_NAMES).describe('Which built-in data set to generate: clickstream, orders (+ payments, customers), iot sensors, or nexmark (persons, auctions, bids).'),
  seed: z.number().int().default(42).describe('Seed of the random generator: the same seed always produces the same records.'),
  ratePerSec: z.number().min(0).default(10).describe('Records per second (all outputs together); 0 = as fast as possible. Event time advances by 1/rate per record (1 ms when 0).'),
  maxRecords: z.number().int().positive().optional().describe('Stop after this many records; unset = unbounded.'),
  startTime: z
    .union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()])
    .optional()
    .describe('Event time of the first record, as an ISO-8601 date-time or epoch milliseconds. Unset: a running pipeline starts at the moment the run starts (so windows follow the wall clock); generating offline starts at 2024-01-01T00:00:00Z.'),
  maxOutOfOrderMs: z.number().int().min(0).default(0).describe('Each timestamp is moved back by a random amount up to this many ms (bounded out-of-orderness); 0 = in order.'),

  users: z.number().int().positive().default(1000).describe('clickstream: number of distinct users.'),
  idleGapMs: z.number().int().positive().default(60_000).describe('clickstream: minimum idle time between two bursts (sessions) of the same user; keep it above your session gap.'),

  customers: z.number().int().positive().default(100).describe('orders: number of customers; each is emitted once on `customers` at the start.'),
  paymentDelayMs: z.number().int().positive().default(8_000).describe('orders: most payments follow their order by 1 s up to this many ms.'),
  latePaymentRatio: probability.default(0.08).describe('orders: fraction of orders paid late (1 to 3 minutes after the order).'),
  unpaidRatio: probability.default(0.1).describe('orders: fraction of orders never paid (cancelled or abandoned).'),
  customerUpdateRatio: probability.default(0.01).describe('orders: chance per record of a customer update (tier change) on `customers`.'),

  sensors: z.number().int().positive().default(50).describe('iot: number of sensors; they report in turn.'),
  spikeProbability: probability.default(0.01).describe('iot: chance per reading of a temperature spike (+15 to +40 °C) for alert branches.'),

  activePersons: z.number().int().positive().default(1000).describe('nexmark: how many of the most recent persons bid and sell (numActivePeople).'),
  inFlightAuctions: z.number().int().positive().default(100).describe('nexmark: how many of the most recent auctions receive bids (numInFlightAuctions).'),
  hotAuctionRatio: z.number().int().positive().default(2).describe('nexmark: 1 − 1/ratio of bids go to the current hot auction (Nexmark default 2).'),
  hotBiddersRatio: z.number().int().positive().default(4).describe('nexmark: 1 − 1/ratio of bids come from a hot bidder (Nexmark default 4).'),
  hotSellersRatio: z.number().int().positive().default(4).describe('nexmark: 1 − 1/ratio of auctions come from a hot seller (Nexmark default 4).'),
});

/** The config after parsing (defaults applied). */
export type DatagenConfig = z.output<typeof datagenConfigSchema>;
/** The config as written in a pipeline document (defaults optional). */
export type DatagenConfigInput = z.input<typeof datagenConfigSchema>;

/** Parse (and default) a config; throws a ZodError when it is invalid. */
export function parseDatagenConfig(input: DatagenConfigInput | DatagenConfig): DatagenConfig {
  return datagenConfigSchema.parse(input);
}

/** Epoch ms of record 0's event time. */
export function resolveStartTime(config: Pick<DatagenConfig, 'startTime'>): number {
  const start = config.startTime;
  if (start === undefined) return DEFAULT_START_TIME;
  return typeof start === 'number' ? start : Date.parse(start);
}
