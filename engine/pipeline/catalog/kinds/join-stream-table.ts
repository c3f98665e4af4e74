/** join.stream-table@1 — enriches each stream record with the table's current value for its key. */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { expression, identifier } from '../fields.js';

export const streamTableJoinConfig = z.strictObject({
  type: z.enum(['inner', 'left']).default('inner').describe('Whether stream records with no table row are dropped (inner) or kept (left)'),
  streamKey: expression('Re-keys the stream before the lookup (repartitions it)').optional(),
  output: z
    .strictObject({
      streamAs: identifier('Name of the stream value in the joined value').default('stream'),
      tableAs: identifier('Name of the table value in the joined value').default('table'),
    })
    .default({ streamAs: 'stream', tableAs: 'table' })
    .describe('Shape of the joined value: { <streamAs>: stream value, <tableAs>: table value }'),
});

export const joinStreamTable = defineManifest({
  type: 'join.stream-table',
  version: 1,
  group: 'Joins',
  title: 'Stream–table join',
  description: 'Looks up each stream record’s key in a table and joins the current value.',
  configSchema: streamTableJoinConfig,
  inputs: [
    { name: 'stream', type: 'stream', description: 'Records to enrich' },
    { name: 'table', type: 'table', description: 'Table looked up by key' },
  ],
  outputs: [{ name: 'out', type: 'stream', description: 'Enriched records' }],
  partitionsByKey: true,
  rekeyFields: (config) => (config.streamKey === undefined ? [] : [{ field: 'streamKey', reason: 'the stream is re-keyed by `streamKey`' }]),
});
