/** source.topic@1 — reads a topic as a stream of records. */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { recordFormat, topicName } from '../fields.js';

export const sourceTopicConfig = z.strictObject({
  topic: topicName('Topic to read'),
  format: recordFormat.default('json').describe('How record values are decoded'),
  keyFormat: recordFormat.default('string').describe('How record keys are decoded'),
  startOffset: z.enum(['earliest', 'latest']).default('earliest').describe('Where to start when the pipeline has no committed offset'),
});

export const sourceTopic = defineManifest({
  type: 'source.topic',
  version: 1,
  group: 'Sources',
  title: 'Topic',
  description: 'Reads every record of a topic as a stream.',
  configSchema: sourceTopicConfig,
  inputs: [],
  outputs: [{ name: 'out', type: 'stream', description: 'Records of the topic' }],
});
