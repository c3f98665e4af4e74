/** transform.select-key@1 — gives each record a new key computed from it. */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { expression } from '../fields.js';

export const selectKeyConfig = z.strictObject({
  expr: expression('The new key, e.g. `value.customer`'),
});

export const transformSelectKey = defineManifest({
  type: 'transform.select-key',
  version: 1,
  group: 'Transforms',
  title: 'Select key',
  description: 'Re-keys each record with an expression; a grouping or join downstream repartitions by the new key.',
  configSchema: selectKeyConfig,
  inputs: [{ name: 'in', type: 'stream', description: 'Records to re-key' }],
  outputs: [{ name: 'out', type: 'stream', description: 'Re-keyed records' }],
  changesKey: () => true,
});
