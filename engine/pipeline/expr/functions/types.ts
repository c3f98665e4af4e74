/**
 * The shape of a library function. Invariants: implementations are pure and deterministic (no
 * clock, no randomness, no I/O), never throw for any argument values (they return null instead),
 * and never retain the `args` array, which the compiler reuses between calls.
 */
import type { ExprScope } from '../values.js';

export type FunctionCategory = 'string' | 'number' | 'date' | 'misc';

export interface ExpressionFunctionInfo {
  name: string;
  category: FunctionCategory;
  /** e.g. "substring(s: string, start: number, end?: number): string" */
  signature: string;
  /** One line. */
  doc: string;
  minArgs: number;
  /** Infinity for variadic functions. */
  maxArgs: number;
}

export interface FunctionSpec extends ExpressionFunctionInfo {
  /** For string arguments that must be one of a fixed set: checked at compile time when literal. */
  choices?: Readonly<Record<number, readonly string[]>>;
  impl(args: readonly unknown[], scope: ExprScope): unknown;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function int(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}
