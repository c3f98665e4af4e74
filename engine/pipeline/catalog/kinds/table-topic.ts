/** table.topic@1 — reads a (typically compacted) topic as a table: the latest value per key. */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { recordFormat, topicName } from '../fields.js';

export const tableTopicConfig = z.strictObject({
  topic: topicName('Topic to read as a table (latest value per key; a null value deletes the key)'),
  format: recordFormat.default('json').describe('How record values are decoded'),
  keyFormat: recordFormat.default('string').describe('How record keys are decoded'),
});

export const tableTopic = defineManifest({
  type: 'table.topic',
  version: 1,
  group: 'Sources',
  title: 'Table',
  description: 'Reads a topic as a table: the latest value for each key, updated as records arrive.',
  configSchema: tableTopicConfig,
  inputs: [],
  outputs: [{ name: 'out', type: 'table', description: 'The table, as its stream of updates' }],
});
