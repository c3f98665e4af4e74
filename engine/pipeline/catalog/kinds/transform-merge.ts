/** transform.merge@1 — one stream from several: every edge into `in` is merged. */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';

export const mergeConfig = z.strictObject({});

export const transformMerge = defineManifest({
  type: 'transform.merge',
  version: 1,
  group: 'Transforms',
  title: 'Merge',
  description: 'Merges several streams into one, in arrival order.',
  configSchema: mergeConfig,
  inputs: [{ name: 'in', type: 'stream', multiple: true, description: 'Streams to merge (connect as many as needed)' }],
  outputs: [{ name: 'out', type: 'stream', description: 'All records of all inputs' }],
});
