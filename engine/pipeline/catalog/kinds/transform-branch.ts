/**
 * transform.branch@1 — routes each record to the first condition it satisfies: one output port
 * per condition (named by it) plus `default` for records that satisfy none.
 */
import { z } from 'zod';
import { defineManifest } from '../manifest.js';
import type { NodePorts, PortSpec } from '../manifest.js';
import { expression, identifier } from '../fields.js';

export const DEFAULT_BRANCH = 'default';

const condition = z.strictObject({
  name: identifier('Name of the branch; also the name of its output port'),
  expr: expression('Records for which this is true (and no earlier condition was) take this branch'),
});

export const branchConfig = z.strictObject({
  conditions: z
    .array(condition)
    .min(1)
    .superRefine((conditions, ctx) => {
      const seen = new Set<string>();
      conditions.forEach((c, index) => {
        if (c.name === DEFAULT_BRANCH) ctx.addIssue({ code: 'custom', message: `"${DEFAULT_BRANCH}" is reserved for records no condition takes`, path: [index, 'name'] });
        else if (seen.has(c.name)) ctx.addIssue({ code: 'custom', message: `branch name "${c.name}" is used twice`, path: [index, 'name'] });
        seen.add(c.name);
      });
    })
    .describe('Conditions, tested in order'),
});

const input: PortSpec = { name: 'in', type: 'stream', description: 'Records to route' };
const defaultOutput: PortSpec = { name: DEFAULT_BRANCH, type: 'stream', description: 'Records no condition took' };

/** Output ports from a raw config: tolerant of half-typed configs. */
function branchPorts(config: unknown): NodePorts {
  const names = new Set<string>();
  const conditions = typeof config === 'object' && config !== null ? (config as { conditions?: unknown }).conditions : undefined;
  if (Array.isArray(conditions)) {
    for (const c of conditions as unknown[]) {
      const name = typeof c === 'object' && c !== null ? (c as { name?: unknown }).name : undefined;
      if (typeof name === 'string' && name !== '' && name !== DEFAULT_BRANCH) names.add(name);
    }
  }
  const outputs: PortSpec[] = [...names].map((name) => ({ name, type: 'stream', description: `Records taking branch "${name}"` }));
  return { inputs: [input], outputs: [...outputs, defaultOutput] };
}

export const transformBranch = defineManifest({
  type: 'transform.branch',
  version: 1,
  group: 'Transforms',
  title: 'Branch',
  description: 'Routes each record to the first branch whose condition it satisfies, or to `default`.',
  configSchema: branchConfig,
  inputs: [input],
  outputs: [defaultOutput],
  ports: branchPorts,
});
