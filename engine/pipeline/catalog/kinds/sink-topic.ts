/** sink.topic@1 — writes records (or a table's updates) to a topic. */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { expression, recordFormat, topicName } from '../fields.js';

export const sinkTopicConfig = z.strictObject({
  topic: topicName('Topic to write'),
  key: expression('Key to write instead of the record key, e.g. `value.id`').optional(),
  partitions: z.number().int().positive().optional().describe('Partitions of the topic when Sluice creates it'),
  compression: z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']).default('none').describe('Compression of produced batches'),
  format: recordFormat.default('json').describe('How record values are encoded'),
  keyFormat: recordFormat.default('string').describe('How record keys are encoded'),
});

export const sinkTopic = defineManifest({
  type: 'sink.topic',
  version: 1,
  group: 'Sinks',
  title: 'Topic',
  description: 'Writes records to a topic; a table is written as its stream of updates.',
  configSchema: sinkTopicConfig,
  inputs: [{ name: 'in', type: 'stream', accepts: ['stream', 'table'], description: 'Records (or table updates) to write' }],
  outputs: [],
});
