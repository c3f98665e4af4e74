/**
 * Expression language benchmark: a typical filter condition compiled once and evaluated over
 * records, beside the same condition written as a plain JavaScript closure (the baseline).
 */
import { compileExpression, evaluateToBoolean, type ExprScope } from '../engine/pipeline/expr/index.js';
import { fmt, nowMs } from './bench-util.js';

const source = 'value.amount > 100 && value.country == "NL"';
const compiled = compileExpression(source);
if (!compiled.ok) throw new Error(compiled.error.message);
const records: ExprScope[] = Array.from({ length: 1000 }, (_, i) => ({ key: `o-${i}`, value: { amount: i, country: i % 2 === 0 ? 'NL' : 'BE' }, headers: [], timestamp: i }));
const native = (s: ExprScope) => {
  const v = s.value as { amount: number; country: string };
  return v.amount > 100 && v.country === 'NL';
};

function best(fn: (s: ExprScope) => boolean): number {
  let bestNs = Infinity;
  for (let round = 0; round < 7; round++) {
    let matched = 0;
    const start = nowMs();
    for (let j = 0; j < 500; j++) for (const r of records) if (fn(r)) matched++;
    bestNs = Math.min(bestNs, ((nowMs() - start) * 1e6) / (500 * records.length));
    if (matched !== 500 * 449) throw new Error(`matched ${matched}`);
  }
  return bestNs;
}

const exprNs = best((s) => evaluateToBoolean(compiled.expression, s));
const nativeNs = best(native);
console.log(`filter \`${source}\`: ${fmt(exprNs, 1)} ns per record (plain JS closure ${fmt(nativeNs, 1)} ns; ratio ${fmt(nativeNs / exprNs * 100, 1)} %)`);
