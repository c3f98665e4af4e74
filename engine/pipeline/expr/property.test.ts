import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression } from './index.js';
import { scope } from './test-helpers.js';

type Tree = { kind: 'num'; value: number } | { kind: 'neg'; operand: Tree } | { kind: 'bin'; op: '+' | '-' | '*' | '/' | '%'; left: Tree; right: Tree };

const PREC = { '+': 7, '-': 7, '*': 8, '/': 8, '%': 8 } as const;

const treeArb = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })).map((value) => ({ kind: 'num' as const, value: Object.is(value, -0) ? 0 : value })),
    tie('tree').map((operand) => ({ kind: 'neg' as const, operand })),
    fc.record({ kind: fc.constant('bin' as const), op: fc.constantFrom('+', '-', '*', '/', '%'), left: tie('tree'), right: tie('tree') }),
  ),
})).tree;

/** Direct computation under the language's rules: non-finite results and anything touching null are null. */
function compute(t: Tree): number | null {
  switch (t.kind) {
    case 'num':
      return t.value;
    case 'neg': {
      const v = compute(t.operand);
      return v === null ? null : -v;
    }
    case 'bin': {
      const a = compute(t.left);
      const b = compute(t.right);
      if (a === null || b === null) return null;
      const r = t.op === '+' ? a + b : t.op === '-' ? a - b : t.op === '*' ? a * b : t.op === '/' ? a / b : a % b;
      return Number.isFinite(r) ? r : null;
    }
  }
}

/** Fully parenthesised source. */
function printParens(t: Tree): string {
  if (t.kind === 'num') return String(t.value);
  if (t.kind === 'neg') return `(-${printParens(t.operand)})`;
  return `(${printParens(t.left)} ${t.op} ${printParens(t.right)})`;
}

/** Source with only the parentheses precedence and left-associativity require. */
function printMinimal(t: Tree, parentPrec = 0, rightSide = false): string {
  if (t.kind === 'num') return String(t.value);
  if (t.kind === 'neg') return `-${printMinimal(t.operand, 9)}`;
  const prec = PREC[t.op];
  const text = `${printMinimal(t.left, prec)} ${t.op} ${printMinimal(t.right, prec, true)}`;
  return prec < parentPrec || (prec === parentPrec && rightSide) || parentPrec === 9 ? `(${text})` : text;
}

describe('property: printing an arithmetic tree and evaluating it equals direct computation', () => {
  for (const [name, print] of [['fully parenthesised', printParens], ['minimal parentheses', (t: Tree) => printMinimal(t)]] as const) {
    it(name, () => {
      fc.assert(
        fc.property(treeArb, (tree) => {
          const source = print(tree);
          const result = compileExpression(source);
          if (!result.ok) throw new Error(`${source}: ${result.error.message}`);
          expect(result.expression.evaluate(scope(null))).toBe(compute(tree));
        }),
        { numRuns: 500 },
      );
    });
  }
});
