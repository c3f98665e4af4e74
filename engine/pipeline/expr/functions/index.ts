/**
 * The fixed function library: the only functions an expression can call. Invariant: names are
 * unique; EXPRESSION_FUNCTIONS (the public, implementation-free view) lists exactly the functions
 * the compiler accepts, in documentation order, and docs/expressions.md is tested against it.
 */
import { DATE_FUNCTIONS } from './dates.js';
import { MISC_FUNCTIONS } from './misc.js';
import { NUMBER_FUNCTIONS } from './numbers.js';
import { STRING_FUNCTIONS } from './strings.js';
import type { ExpressionFunctionInfo, FunctionSpec } from './types.js';

export type { ExpressionFunctionInfo, FunctionCategory, FunctionSpec } from './types.js';

const ALL: readonly FunctionSpec[] = [...STRING_FUNCTIONS, ...NUMBER_FUNCTIONS, ...DATE_FUNCTIONS, ...MISC_FUNCTIONS];

const BY_NAME: ReadonlyMap<string, FunctionSpec> = new Map(ALL.map((f) => [f.name, f]));

export function lookupFunction(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name);
}

export const FUNCTION_NAMES: readonly string[] = ALL.map((f) => f.name);

export const EXPRESSION_FUNCTIONS: readonly ExpressionFunctionInfo[] = Object.freeze(
  ALL.map(({ name, category, signature, doc, minArgs, maxArgs }) => Object.freeze({ name, category, signature, doc, minArgs, maxArgs })),
);
