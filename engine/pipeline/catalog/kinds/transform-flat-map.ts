/** transform.flat-map@1 — one record per element of an array field. */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { fieldPath, identifier } from '../fields.js';

export const flatMapConfig = z.strictObject({
  field: fieldPath('Array to explode, e.g. `value.items`'),
  as: identifier('Name under which each element is set in the value of its record').default('item'),
});

export const transformFlatMap = defineManifest({
  type: 'transform.flat-map',
  version: 1,
  group: 'Transforms',
  title: 'Flat map',
  description: 'Emits one record per element of an array field, the element set as `value.<as>`.',
  configSchema: flatMapConfig,
  inputs: [{ name: 'in', type: 'stream', description: 'Records holding an array' }],
  outputs: [{ name: 'out', type: 'stream', description: 'One record per element' }],
  // Like Kafka Streams' flatMap, the output is treated as possibly re-keyed.
  changesKey: () => true,
});
