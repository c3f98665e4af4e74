/**
 * join.stream-stream@1 — joins two streams on their keys within a time window (Kafka Streams'
 * KStream#join with JoinWindows). `windowMs` is optional in the schema so that validation can
 * report the missing window with its own diagnostic (PIP_JOIN_WINDOW_REQUIRED).
 */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { expression, joinOutput, nonNegativeMs, positiveMs } from '../fields.js';

export const streamStreamJoinConfig = z.strictObject({
  type: z.enum(['inner', 'left', 'outer']).default('inner').describe('Which unmatched records are emitted too'),
  windowMs: positiveMs('Records join when their timestamps differ by at most this much').optional(),
  graceMs: nonNegativeMs('How long late records may still join').default(0),
  leftKey: expression('Re-keys the left stream before joining (repartitions it)').optional(),
  rightKey: expression('Re-keys the right stream before joining (repartitions it)').optional(),
  output: joinOutput(),
});

export const joinStreamStream = defineManifest({
  type: 'join.stream-stream',
  version: 1,
  group: 'Joins',
  title: 'Stream–stream join',
  description: 'Joins records of two streams with equal keys whose timestamps are close enough.',
  configSchema: streamStreamJoinConfig,
  inputs: [
    { name: 'left', type: 'stream', description: 'Left stream' },
    { name: 'right', type: 'stream', description: 'Right stream' },
  ],
  outputs: [{ name: 'out', type: 'stream', description: 'Joined records' }],
  partitionsByKey: true,
  rekeyFields: (config) => [
    ...(config.leftKey === undefined ? [] : [{ field: 'leftKey', reason: 'the left stream is re-keyed by `leftKey`' }]),
    ...(config.rightKey === undefined ? [] : [{ field: 'rightKey', reason: 'the right stream is re-keyed by `rightKey`' }]),
  ],
});
