/**
 * transform.code@1 — a TypeScript function over each record, run in the code-node sandbox with
 * no ambient authority and a time budget per batch (DESIGN.md §3).
 */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';

export const codeConfig = z.strictObject({
  source: z.string().min(1, { message: 'the code node has no source' }).describe('TypeScript source of the transform'),
  timeBudgetMs: z.number().int().positive().default(1000).describe('Longest a batch may run before it fails'),
});

export const transformCode = defineManifest({
  type: 'transform.code',
  version: 1,
  group: 'Transforms',
  title: 'Code',
  description: 'Transforms records with your own TypeScript, sandboxed.',
  configSchema: codeConfig,
  inputs: [{ name: 'in', type: 'stream', description: 'Records to transform' }],
  outputs: [{ name: 'out', type: 'stream', description: 'Records the code returns' }],
  // Code may return any key (as Kafka Streams assumes of process()).
  changesKey: () => true,
});
