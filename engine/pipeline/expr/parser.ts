/**
 * Parser: tokens → ExprNode, by precedence climbing (Pratt) with recursive descent for primaries.
 * Everything that can be known before any record is seen is checked here: roots, function names
 * (from the fixed library, with suggestions), arities, literal choice arguments, forbidden
 * property names, source length and nesting depth. Invariant: parse() either returns a complete
 * tree covering the whole source or throws one ExprSyntaxError pointing at the offending token.
 */
import { FORBIDDEN_PROPERTIES, ROOT_NAMES, type BinaryOp, type ExprNode, type LogicalOp, type RootName } from './ast.js';
import { ExprSyntaxError, suggestion } from './errors.js';
import { FUNCTION_NAMES, lookupFunction } from './functions/index.js';
import { tokenize, type Token } from './lexer.js';

export const MAX_SOURCE_LENGTH = 10_000;
export const MAX_DEPTH = 100;

const KEYWORDS = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'in']);

const PREC_TERNARY = 1;
const PREC_UNARY = 9;

interface Infix {
  prec: number;
  op: BinaryOp | LogicalOp | '?';
}

/** Binding power of the infix operator at `t`, or undefined when `t` does not continue an expression. */
function infixOf(t: Token): Infix | undefined {
  if (t.kind === 'identifier') {
    if (t.text === 'or') return { prec: 3, op: '||' };
    if (t.text === 'and') return { prec: 4, op: '&&' };
    if (t.text === 'in') return { prec: 6, op: 'in' };
    return undefined;
  }
  if (t.kind !== 'punct') return undefined;
  switch (t.text) {
    case '?':
      return { prec: PREC_TERNARY, op: '?' };
    case '??':
      return { prec: 2, op: '??' };
    case '||':
      return { prec: 3, op: '||' };
    case '&&':
      return { prec: 4, op: '&&' };
    case '==':
    case '!=':
      return { prec: 5, op: t.text };
    case '<':
    case '<=':
    case '>':
    case '>=':
      return { prec: 6, op: t.text };
    case '+':
    case '-':
      return { prec: 7, op: t.text };
    case '*':
    case '/':
    case '%':
      return { prec: 8, op: t.text };
    default:
      return undefined;
  }
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of expression';
  if (t.kind === 'string') return 'string';
  return `'${t.text}'`;
}

export function parse(source: string): ExprNode {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new ExprSyntaxError(`Expression too long: ${source.length} characters (at most ${MAX_SOURCE_LENGTH})`, MAX_SOURCE_LENGTH, source.length - MAX_SOURCE_LENGTH);
  }
  return new Parser(tokenize(source)).parseAll();
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): ExprNode {
    if (this.peek().kind === 'eof') throw new ExprSyntaxError('Empty expression', 0, 0);
    const node = this.parseExpression(0);
    const t = this.peek();
    if (t.kind !== 'eof') {
      throw new ExprSyntaxError(`Unexpected ${describe(t)}: expected an operator or the end of the expression`, t.start, t.end - t.start);
    }
    return node;
  }

  private peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
    if (t === undefined) throw new ExprSyntaxError('Internal error: no tokens', 0, 0);
    return t;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === text;
  }

  private expect(text: string, context: string): Token {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === text) return this.next();
    throw new ExprSyntaxError(`Expected '${text}' ${context}, found ${describe(t)}`, t.start, t.end - t.start);
  }

  private parseExpression(minPrec: number): ExprNode {
    if (++this.depth > MAX_DEPTH) {
      const t = this.peek();
      throw new ExprSyntaxError(`Expression nested too deeply (more than ${MAX_DEPTH} levels)`, t.start, t.end - t.start);
    }
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      const negatedIn = t.kind === 'identifier' && t.text === 'not' && this.peek(1).kind === 'identifier' && this.peek(1).text === 'in';
      const infix = negatedIn ? { prec: 6, op: 'in' as const } : infixOf(t);
      if (infix === undefined || infix.prec < minPrec) break;
      this.next();
      if (negatedIn) this.next();
      if (infix.op === '?') {
        const consequent = this.parseExpression(0);
        this.expect(':', "after the 'then' part of a conditional (c ? a : b)");
        const alternate = this.parseExpression(PREC_TERNARY);
        left = { kind: 'conditional', test: left, consequent, alternate, start: left.start, end: alternate.end };
        continue;
      }
      // ?? is right-associative (a ?? b ?? c), everything else left-associative.
      const right = this.parseExpression(infix.op === '??' ? infix.prec : infix.prec + 1);
      const span = { start: left.start, end: right.end };
      if (infix.op === '&&' || infix.op === '||' || infix.op === '??') {
        left = { kind: 'logical', op: infix.op, left, right, ...span };
      } else {
        left = { kind: 'binary', op: infix.op, left, right, ...span };
        if (negatedIn) left = { kind: 'unary', op: '!', operand: left, ...span };
      }
    }
    this.depth--;
    return left;
  }

  private parseUnary(): ExprNode {
    const t = this.peek();
    const isNot = (t.kind === 'punct' && t.text === '!') || (t.kind === 'identifier' && t.text === 'not');
    if (isNot || (t.kind === 'punct' && t.text === '-')) {
      this.next();
      const operand = this.parseExpression(PREC_UNARY);
      if (!isNot && operand.kind === 'literal' && typeof operand.value === 'number') {
        return { kind: 'literal', value: -operand.value, start: t.start, end: operand.end };
      }
      return { kind: 'unary', op: isNot ? '!' : '-', operand, start: t.start, end: operand.end };
    }
    if (t.kind === 'punct' && t.text === '+') {
      throw new ExprSyntaxError("Unary '+' is not supported: use number(x) to convert", t.start, 1);
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(node: ExprNode): ExprNode {
    let object = node;
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        const name = this.peek();
        if (name.kind !== 'identifier') {
          throw new ExprSyntaxError(`Expected a field name after '.', found ${describe(name)}`, name.start, name.end - name.start);
        }
        this.next();
        this.checkProperty(name.text, name);
        object = { kind: 'member', object, property: name.text, start: object.start, end: name.end };
      } else if (this.isPunct('[')) {
        const open = this.next();
        const index = this.parseExpression(0);
        const close = this.expect(']', `to close the '[' at ${open.start}`);
        const span = { start: object.start, end: close.end };
        if (index.kind === 'literal' && (typeof index.value === 'string' || typeof index.value === 'number')) {
          if (typeof index.value === 'string') this.checkProperty(index.value, index);
          object = { kind: 'member', object, property: index.value, ...span };
        } else {
          object = { kind: 'index', object, index, ...span };
        }
      } else if (this.isPunct('(')) {
        const t = this.peek();
        throw new ExprSyntaxError('Only library functions can be called, as in lower(value.name); methods are not supported', t.start, 1);
      } else {
        return object;
      }
    }
  }

  private checkProperty(name: string, at: { start: number; end: number }): void {
    if (FORBIDDEN_PROPERTIES.has(name)) {
      throw new ExprSyntaxError(`Field '${name}' cannot be read (prototype access is not allowed)`, at.start, at.end - at.start);
    }
  }

  private parsePrimary(): ExprNode {
    const t = this.next();
    const span = { start: t.start, end: t.end };
    switch (t.kind) {
      case 'number':
        return { kind: 'literal', value: t.number, ...span };
      case 'string':
        return { kind: 'literal', value: t.text, ...span };
      case 'identifier':
        return this.parseIdentifier(t);
      case 'eof': {
        const prev = this.tokens[this.pos - 1];
        const after = prev === undefined ? '' : ` after '${prev.kind === 'string' ? 'string' : prev.text}'`;
        throw new ExprSyntaxError(`Unexpected end of expression: expected a value${after}`, t.start, 0);
      }
      default:
        break;
    }
    if (t.text === '(') {
      const inner = this.parseExpression(0);
      this.expect(')', `to close the '(' at ${t.start}`);
      return inner;
    }
    if (t.text === '[') {
      const items: ExprNode[] = [];
      while (!this.isPunct(']')) {
        items.push(this.parseExpression(0));
        if (!this.isPunct(']')) this.expect(',', 'or \']\' in an array');
      }
      const close = this.next();
      return { kind: 'array', items, start: t.start, end: close.end };
    }
    throw new ExprSyntaxError(`Unexpected ${describe(t)}: expected a value`, t.start, t.end - t.start);
  }

  private parseIdentifier(t: Token): ExprNode {
    const span = { start: t.start, end: t.end };
    if (t.text === 'true' || t.text === 'false') return { kind: 'literal', value: t.text === 'true', ...span };
    if (t.text === 'null') return { kind: 'literal', value: null, ...span };
    if (KEYWORDS.has(t.text)) throw new ExprSyntaxError(`Unexpected '${t.text}': expected a value`, t.start, t.end - t.start);
    if (this.isPunct('(')) return this.parseCall(t);
    if ((ROOT_NAMES as readonly string[]).includes(t.text)) return { kind: 'root', name: t.text as RootName, ...span };
    if (lookupFunction(t.text) !== undefined) {
      throw new ExprSyntaxError(`'${t.text}' is a function: call it as ${t.text}(…)`, t.start, t.end - t.start);
    }
    throw new ExprSyntaxError(
      `Unknown name '${t.text}': an expression reads ${ROOT_NAMES.join(', ')} or calls a function.${suggestion(t.text, ROOT_NAMES)}`,
      t.start,
      t.end - t.start,
    );
  }

  private parseCall(name: Token): ExprNode {
    const spec = lookupFunction(name.text);
    if (spec === undefined) {
      const hint = suggestion(name.text, FUNCTION_NAMES) || ' See docs/expressions.md for the function list.';
      throw new ExprSyntaxError(`Unknown function '${name.text}'.${hint}`, name.start, name.end - name.start);
    }
    this.next(); // (
    const args: ExprNode[] = [];
    while (!this.isPunct(')')) {
      args.push(this.parseExpression(0));
      if (!this.isPunct(')')) this.expect(',', `or ')' in the arguments of ${name.text}()`);
    }
    const close = this.next();
    const node: ExprNode = { kind: 'call', name: name.text, nameEnd: name.end, args, start: name.start, end: close.end };
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
      const wanted =
        spec.maxArgs === Infinity ? `at least ${plural(spec.minArgs)}` : spec.minArgs === spec.maxArgs ? plural(spec.minArgs) : `${spec.minArgs} to ${plural(spec.maxArgs)}`;
      throw new ExprSyntaxError(`${name.text}() takes ${wanted}, got ${args.length}: ${spec.signature}`, name.start, close.end - name.start);
    }
    for (const [index, allowed] of Object.entries(spec.choices ?? {})) {
      const arg = args[Number(index)];
      if (arg === undefined || arg.kind !== 'literal') continue;
      if (typeof arg.value !== 'string' || !allowed.includes(arg.value)) {
        const shown = typeof arg.value === 'string' ? `'${arg.value}'` : String(arg.value);
        const hint = typeof arg.value === 'string' ? suggestion(arg.value, allowed) : '';
        throw new ExprSyntaxError(
          `Argument ${Number(index) + 1} of ${name.text}() must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${shown}.${hint}`,
          arg.start,
          arg.end - arg.start,
        );
      }
    }
    return node;
  }
}
