/** join.table-table@1 — a table of the joined current values of two tables with equal keys. */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { joinOutput } from '../fields.js';

export const tableTableJoinConfig = z.strictObject({
  type: z.enum(['inner', 'left', 'outer']).default('inner').describe('Which keys present on one side only are kept'),
  output: joinOutput(),
});

export const joinTableTable = defineManifest({
  type: 'join.table-table',
  version: 1,
  group: 'Joins',
  title: 'Table–table join',
  description: 'Joins two tables on their keys; the result is a table updated as either side changes.',
  configSchema: tableTableJoinConfig,
  inputs: [
    { name: 'left', type: 'table', description: 'Left table' },
    { name: 'right', type: 'table', description: 'Right table' },
  ],
  outputs: [{ name: 'out', type: 'table', description: 'Joined table' }],
  partitionsByKey: true,
});
