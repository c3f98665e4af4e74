/**
 * transform.map@1 — an ordered list of operations on each record: set a field from an expression,
 * rename a field, drop a field. Paths start at `key` or `value`; an operation on `key` changes the
 * key, so a grouping or join downstream repartitions.
 */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import { expression, fieldPath, pathRoot } from '../fields.js';

const setOp = z.strictObject({
  op: z.literal('set'),
  field: fieldPath('Field to set, e.g. `value.total`'),
  expr: expression('Value to set, e.g. `value.price * value.quantity`'),
});
const renameOp = z.strictObject({
  op: z.literal('rename'),
  from: fieldPath('Field to rename'),
  to: fieldPath('New name'),
});
const dropOp = z.strictObject({
  op: z.literal('drop'),
  field: fieldPath('Field to remove'),
});

export const mapOperation = z.discriminatedUnion('op', [setOp, renameOp, dropOp]).describe('One operation, applied in order');

export const mapConfig = z.strictObject({
  operations: z.array(mapOperation).min(1).describe('Operations applied in order to each record'),
});

const touchedPaths = (op: z.output<typeof mapOperation>): string[] => (op.op === 'rename' ? [op.from, op.to] : [op.field]);

export const transformMap = defineManifest({
  type: 'transform.map',
  version: 1,
  group: 'Transforms',
  title: 'Map',
  description: 'Sets, renames and drops fields of each record, in order.',
  configSchema: mapConfig,
  inputs: [{ name: 'in', type: 'stream', description: 'Records to change' }],
  outputs: [{ name: 'out', type: 'stream', description: 'Changed records' }],
  changesKey: (config) => config.operations.some((op) => touchedPaths(op).some((path) => pathRoot(path) === 'key')),
});
