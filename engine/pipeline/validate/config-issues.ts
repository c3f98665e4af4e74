/**
 * Turns zod issues of a node's config into diagnostics: `field` is the issue's path
 * (`window.sizeMs`, `aggregations[0].fn`), the message is prefixed with it, and an issue carrying
 * `params.diagnostic` (topic names, expressions) keeps that code and its expression position.
 */
import type { z } from 'zod';
import type { Diagnostic } from '../document/diagnostic.js';
import { formatPath } from '../document/diagnostic.js';

function paramsOf(issue: z.core.$ZodIssue): Record<string, unknown> | undefined {
  const params = (issue as { params?: unknown }).params;
  return typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : undefined;
}

/** Zod union failures nest the real problems; report the deepest ones rather than "invalid input". */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): Array<{ issue: z.core.$ZodIssue; path: PropertyKey[] }> {
  const out: Array<{ issue: z.core.$ZodIssue; path: PropertyKey[] }> = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the alternative that got furthest (fewest issues), to avoid a wall of messages.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      if (best.length > 0) {
        out.push(...flatten(best, path));
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys') {
      // One diagnostic per unknown key, located at the key itself.
      for (const key of issue.keys) out.push({ issue: { ...issue, keys: [key], message: `unknown setting "${key}"` }, path: [...path, key] });
      continue;
    }
    out.push({ issue, path });
  }
  return out;
}

/** Zod says "expected number, received undefined" for a missing field; say what a user means. */
const wording = (issue: z.core.$ZodIssue): string =>
  issue.code === 'invalid_type' && / received undefined$/.test(issue.message) ? `required (${issue.expected})` : issue.message;

export function configDiagnostics(nodeId: string, issues: readonly z.core.$ZodIssue[]): Diagnostic[] {
  return flatten(issues).map(({ issue, path }) => {
    const field = formatPath(path);
    const params = paramsOf(issue);
    const code = typeof params?.diagnostic === 'string' ? params.diagnostic : 'PIP_CONFIG_INVALID';
    const diagnostic: Diagnostic = {
      code,
      severity: 'error',
      nodeId,
      message: field === '' ? `config: ${wording(issue)}` : `${field}: ${wording(issue)}`,
    };
    if (field !== '') diagnostic.field = field;
    for (const key of ['position', 'line', 'column', 'length'] as const) {
      const value = params?.[key];
      if (typeof value === 'number') diagnostic[key] = value;
    }
    return diagnostic;
  });
}
