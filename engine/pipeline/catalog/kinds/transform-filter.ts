/** transform.filter@1 — keeps the records for which an expression is true. */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { expression } from '../fields.js';

export const filterConfig = z.strictObject({
  expr: expression('Records for which this is true pass, e.g. `value.amount > 100`'),
});

export const transformFilter = defineManifest({
  type: 'transform.filter',
  version: 1,
  group: 'Transforms',
  title: 'Filter',
  description: 'Keeps the records for which an expression is true and drops the others.',
  configSchema: filterConfig,
  inputs: [{ name: 'in', type: 'stream', description: 'Records to filter' }],
  outputs: [{ name: 'out', type: 'stream', description: 'Records that passed' }],
});
