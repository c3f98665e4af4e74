/**
 * Helpers shared by the expression tests: compile-or-fail, evaluate against a small record, and
 * the error of a source that must not compile. Test-only; nothing in the engine imports it.
 */
import { compileExpression, type CompiledExpression, type ExprError, type ExprScope } from './index.js';

export function scope(value: unknown, extra: Partial<ExprScope> = {}): ExprScope {
  return { key: null, value, headers: [], timestamp: 0, ...extra };
}

export function compiled(source: string): CompiledExpression {
  const result = compileExpression(source);
  if (!result.ok) throw new Error(`${source.slice(0, 80)}: ${result.error.message} at ${result.error.position}`);
  return result.expression;
}

export function ev(source: string, value: unknown = null, extra: Partial<ExprScope> = {}): unknown {
  return compiled(source).evaluate(scope(value, extra));
}

export function errorOf(source: string): ExprError {
  const result = compileExpression(source);
  if (result.ok) throw new Error(`${source.slice(0, 80)}: compiled, expected an error`);
  return result.error;
}
