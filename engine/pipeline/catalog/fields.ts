/**
 * Config building blocks shared by the node kinds: topic names (Kafka's rules, implemented here
 * because engine/pipeline must not import engine/broker), expressions (checked with the expression
 * compiler), field paths, record formats and join output mappings.
 *
 * Invariant: a check that wants a specific diagnostic code attaches it to its zod issue as
 * `params.diagnostic` (plus the expression error's position), and `validate` turns it into that
 * code; every other zod issue becomes PIP_CONFIG_INVALID.
 */
import { z } from 'zod';
import { compileExpression } from '../expr/index.js';

export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;

/** Why `name` is not a legal Kafka topic name (Kafka's `Topic.validate`), or undefined if it is. */
export function topicNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'topic name is empty';
  if (name === '.' || name === '..') return `topic name "${name}" is not allowed`;
  if (name.length > MAX_TOPIC_NAME_LENGTH) return `topic name is ${name.length} characters, the limit is ${MAX_TOPIC_NAME_LENGTH}`;
  if (!LEGAL_TOPIC.test(name)) return `topic name "${name}" may contain only ASCII letters, digits, '.', '_' and '-'`;
  return undefined;
}

/** The `params` a catalog check attaches to a zod issue to pick its diagnostic. */
export interface IssueParams {
  diagnostic: string;
  position?: number;
  line?: number;
  column?: number;
  length?: number;
}

export function topicName(description: string) {
  return z
    .string()
    .superRefine((name, ctx) => {
      const problem = topicNameProblem(name);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, params: { diagnostic: 'PIP_TOPIC_INVALID' } satisfies IssueParams });
    })
    .meta({ minLength: 1, maxLength: MAX_TOPIC_NAME_LENGTH, pattern: '^[a-zA-Z0-9._-]+$' })
    .describe(description);
}

/** An expression in the Sluice expression language, compiled to check it (scope: key, value, headers, timestamp…). */
export function expression(description: string) {
  return z
    .string()
    .superRefine((source, ctx) => {
      const result = compileExpression(source);
      if (result.ok) return;
      const { message, position, line, column, length } = result.error;
      ctx.addIssue({
        code: 'custom',
        message,
        params: { diagnostic: 'PIP_EXPRESSION_INVALID', position, line, column, length } satisfies IssueParams,
      });
    })
    .meta({ format: 'sluice-expression' })
    .describe(description);
}

const FIELD_PATH = /^(key|value)(\.[^.\s]+)*$/;

/** A path into a record: `key`, `value`, `value.customer.id`. */
export function fieldPath(description: string) {
  return z
    .string()
    .regex(FIELD_PATH, { message: 'expected a path starting with `key` or `value`, e.g. `value.amount`' })
    .describe(description);
}

/** The root (`key` or `value`) of a field path. */
export const pathRoot = (path: string): string => path.split('.')[0] ?? path;

/** A name for an output field or a port: letters, digits, `_` and `-`, starting with a letter or `_`. */
export function identifier(description: string) {
  return z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { message: 'expected a name of letters, digits, `_` and `-`, starting with a letter or `_`' })
    .describe(description);
}

/** A join's `output`: the names of the two sides in the joined value `{ <leftAs>, <rightAs> }`. */
export function joinOutput() {
  return z
    .strictObject({
      leftAs: identifier('Name of the left value in the joined value').default('left'),
      rightAs: identifier('Name of the right value in the joined value').default('right'),
    })
    .default({ leftAs: 'left', rightAs: 'right' })
    .describe('Shape of the joined value: { <leftAs>: left value, <rightAs>: right value }');
}

export const recordFormat = z.enum(['json', 'string', 'bytes']);

export const positiveMs = (description: string) => z.number().int().positive().describe(description);
export const nonNegativeMs = (description: string) => z.number().int().nonnegative().describe(description);
