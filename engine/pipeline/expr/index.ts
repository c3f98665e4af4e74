/**
 * The pipeline expression language: a small, safe language over a record's key, value, headers
 * and timestamp, used by filter conditions, computed fields, group-by and join keys and branch
 * conditions. Source is parsed once and compiled to closures — never evaluated as JavaScript.
 * Invariants: compileExpression never throws (errors come back as values with a position);
 * evaluate never throws (data and type problems give null); nothing reachable from an
 * expression leads to a prototype, a getter or any ambient authority. Reference: docs/expressions.md.
 */
import { collectFields, compileNode, type Evaluator } from './compile.js';
import { ExprSyntaxError, toExprError, type ExprError } from './errors.js';
import { parse } from './parser.js';
import { truthy, type ExprScope } from './values.js';

export type { ExprError } from './errors.js';
export type { ExprHeader, ExprScope } from './values.js';
export type { ExpressionFunctionInfo, FunctionCategory } from './functions/index.js';
export { EXPRESSION_FUNCTIONS } from './functions/index.js';
export { MAX_DEPTH, MAX_SOURCE_LENGTH } from './parser.js';
export { ROOT_NAMES } from './ast.js';

export interface CompiledExpression {
  source: string;
  /** The expression's value for one record: null, a boolean, a finite number, a string, an array, an object or a Buffer. */
  evaluate(scope: ExprScope): unknown;
  /** Root-relative field paths it reads, e.g. ["value.amount"]. */
  fields: string[];
}

export type ParseResult = { ok: true; expression: CompiledExpression } | { ok: false; error: ExprError };

function guarded(fn: Evaluator): (scope: ExprScope) => unknown {
  return (scope) => {
    try {
      const v = fn(scope);
      return v === undefined ? null : v;
    } catch {
      return null; // only a stack overflow on pathological data can get here; the rule is "no throw, null"
    }
  };
}

/** Parses and compiles `source`. Never throws. */
export function compileExpression(source: string): ParseResult {
  const text = typeof source === 'string' ? source : '';
  try {
    const tree = parse(text);
    const evaluate = guarded(compileNode(tree));
    return { ok: true, expression: { source: text, evaluate, fields: collectFields(tree) } };
  } catch (error) {
    if (error instanceof ExprSyntaxError) return { ok: false, error: toExprError(text, error.message, error.position, error.length) };
    const message = error instanceof RangeError ? 'Expression too complex to compile' : `Internal error compiling the expression: ${String(error)}`;
    return { ok: false, error: toExprError(text, message, 0, text.length) };
  }
}

/** The filter rule: true only for truthy values (null, false, 0 and '' are false). */
export function evaluateToBoolean(expr: CompiledExpression, scope: ExprScope): boolean {
  return truthy(expr.evaluate(scope));
}
