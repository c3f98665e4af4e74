/**
 * Compiler: ExprNode → a tree of closures `(scope) => value`. Nothing is ever turned back into
 * JavaScript source (no eval, no Function). Invariants: evaluating a closure never throws for
 * any data (type misuse gives null); closures allocate nothing per evaluation except the values
 * they return (function calls reuse one argument array per call site); the null rules of
 * docs/expressions.md are implemented here and only here.
 */
import type { BinaryOp, ExprNode } from './ast.js';
import { ExprSyntaxError } from './errors.js';
import { lookupFunction } from './functions/index.js';
import { finiteOrNull, getField, getIndex, getMember, strictEquals, toText, truthy, type ExprScope } from './values.js';

export type Evaluator = (scope: ExprScope) => unknown;

/** Both numbers or both strings: the only pairs that order. */
function compare(op: '<' | '<=' | '>' | '>=', a: unknown, b: unknown): boolean {
  const ta = typeof a;
  if ((ta !== 'number' && ta !== 'string') || ta !== typeof b) return false;
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+':
        return finiteOrNull(a + b);
      case '-':
        return finiteOrNull(a - b);
      case '*':
        return finiteOrNull(a * b);
      case '/':
        return finiteOrNull(a / b);
      default:
        return finiteOrNull(a % b);
    }
  }
  if (op === '+' && (typeof a === 'string' || typeof b === 'string')) {
    const ta = typeof a;
    const tb = typeof b;
    const scalar = (t: string) => t === 'string' || t === 'number' || t === 'boolean';
    return scalar(ta) && scalar(tb) ? (toText(a) ?? '') + (toText(b) ?? '') : null;
  }
  return null;
}

function membership(needle: unknown, haystack: unknown): boolean {
  if (!Array.isArray(haystack)) return false;
  for (let i = 0; i < haystack.length; i++) {
    if (strictEquals(needle, haystack[i])) return true;
  }
  return false;
}

function compileBinary(op: BinaryOp, l: Evaluator, r: Evaluator, right: ExprNode): Evaluator {
  // The common filter shape `path <op> literal` gets a closure that does not re-evaluate the literal.
  const constant = right.kind === 'literal' ? right.value : undefined;
  switch (op) {
    case '==':
      if (constant !== undefined) return (s) => strictEquals(l(s), constant);
      return (s) => strictEquals(l(s), r(s));
    case '!=':
      if (constant !== undefined) return (s) => !strictEquals(l(s), constant);
      return (s) => !strictEquals(l(s), r(s));
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (typeof constant === 'number') {
        const c = constant;
        if (op === '>') return (s) => { const v = l(s); return typeof v === 'number' && v > c; };
        if (op === '<') return (s) => { const v = l(s); return typeof v === 'number' && v < c; };
        if (op === '>=') return (s) => { const v = l(s); return typeof v === 'number' && v >= c; };
        return (s) => { const v = l(s); return typeof v === 'number' && v <= c; };
      }
      return (s) => compare(op, l(s), r(s));
    case 'in':
      return (s) => membership(l(s), r(s));
    default:
      return (s) => arithmetic(op, l(s), r(s));
  }
}

function compileCall(node: Extract<ExprNode, { kind: 'call' }>): Evaluator {
  const spec = lookupFunction(node.name);
  if (spec === undefined) throw new ExprSyntaxError(`Unknown function '${node.name}'`, node.start, node.nameEnd - node.start);
  const argFns = node.args.map(compileNode);
  if (node.name === 'if') {
    const [c, a, b] = argFns as [Evaluator, Evaluator, Evaluator];
    return (s) => (truthy(c(s)) ? a(s) : b(s));
  }
  if (node.name === 'coalesce') {
    return (s) => {
      for (let i = 0; i < argFns.length; i++) {
        const v = (argFns[i] as Evaluator)(s);
        if (v !== null && v !== undefined) return v;
      }
      return null;
    };
  }
  const impl = spec.impl;
  const n = argFns.length;
  const args: unknown[] = new Array<unknown>(n).fill(null);
  return (s) => {
    for (let i = 0; i < n; i++) args[i] = (argFns[i] as Evaluator)(s);
    const result = impl(args, s);
    return result === undefined ? null : result;
  };
}

export function compileNode(node: ExprNode): Evaluator {
  switch (node.kind) {
    case 'literal': {
      const v = node.value;
      return () => v;
    }
    case 'array': {
      const items = node.items.map(compileNode);
      return (s) => items.map((f) => f(s));
    }
    case 'root':
      switch (node.name) {
        case 'key':
          return (s) => (s.key === undefined ? null : s.key);
        case 'value':
          return (s) => (s.value === undefined ? null : s.value);
        case 'headers':
          return (s) => (Array.isArray(s.headers) ? s.headers : null);
        default:
          return (s) => finiteOrNull(typeof s.timestamp === 'number' ? s.timestamp : NaN);
      }
    case 'member': {
      const property = node.property;
      if (node.object.kind === 'root' && node.object.name === 'value' && typeof property === 'string') {
        return (s) => getField(s.value, property);
      }
      const object = compileNode(node.object);
      if (typeof property === 'number') return (s) => getIndex(object(s), property);
      return (s) => getField(object(s), property);
    }
    case 'index': {
      const object = compileNode(node.object);
      const index = compileNode(node.index);
      return (s) => getMember(object(s), index(s));
    }
    case 'unary': {
      const operand = compileNode(node.operand);
      if (node.op === '!') return (s) => !truthy(operand(s));
      return (s) => {
        const v = operand(s);
        return typeof v === 'number' ? -v : null;
      };
    }
    case 'binary':
      return compileBinary(node.op, compileNode(node.left), compileNode(node.right), node.right);
    case 'logical': {
      const l = compileNode(node.left);
      const r = compileNode(node.right);
      if (node.op === '&&') return (s) => truthy(l(s)) && truthy(r(s));
      if (node.op === '||') return (s) => truthy(l(s)) || truthy(r(s));
      return (s) => {
        const v = l(s);
        return v === null || v === undefined ? r(s) : v;
      };
    }
    case 'conditional': {
      const test = compileNode(node.test);
      const consequent = compileNode(node.consequent);
      const alternate = compileNode(node.alternate);
      return (s) => (truthy(test(s)) ? consequent(s) : alternate(s));
    }
    case 'call':
      return compileCall(node);
  }
}

/** Root-relative paths read by the tree, in order of first appearance: "value.amount", "value.items[0]", `value["a b"]`. */
export function collectFields(root: ExprNode): string[] {
  const out = new Set<string>();
  const pathOf = (node: ExprNode): string | undefined => {
    if (node.kind === 'root') return node.name;
    if (node.kind !== 'member') return undefined;
    const base = pathOf(node.object);
    if (base === undefined) return undefined;
    const p = node.property;
    if (typeof p === 'number') return `${base}[${p}]`;
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p) ? `${base}.${p}` : `${base}[${JSON.stringify(p)}]`;
  };
  const visit = (node: ExprNode): void => {
    const path = pathOf(node);
    if (path !== undefined) {
      out.add(path);
      return;
    }
    switch (node.kind) {
      case 'array':
        node.items.forEach(visit);
        return;
      case 'member':
        visit(node.object);
        return;
      case 'index':
        visit(node.object);
        visit(node.index);
        return;
      case 'unary':
        visit(node.operand);
        return;
      case 'binary':
      case 'logical':
        visit(node.left);
        visit(node.right);
        return;
      case 'conditional':
        visit(node.test);
        visit(node.consequent);
        visit(node.alternate);
        return;
      case 'call':
        if (node.name === 'header') out.add('headers');
        node.args.forEach(visit);
        return;
      default:
        return;
    }
  };
  visit(root);
  return [...out];
}
