/**
 * The syntax tree of an expression. Produced by the parser, consumed by the compiler (and by
 * tests that print trees back to source). Invariant: every node records the half-open source
 * range [start, end) it was parsed from, so later stages can report errors with positions.
 */

export type RootName = 'key' | 'value' | 'headers' | 'timestamp';
export const ROOT_NAMES: readonly RootName[] = ['key', 'value', 'headers', 'timestamp'];

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';
export type LogicalOp = '&&' | '||' | '??';
export type UnaryOp = '-' | '!';

interface Span {
  start: number;
  end: number;
}

export type Literal = string | number | boolean | null;

export type ExprNode =
  | (Span & { kind: 'literal'; value: Literal })
  | (Span & { kind: 'array'; items: ExprNode[] })
  | (Span & { kind: 'root'; name: RootName })
  /** `a.b` or `a["b"]` / `a[0]`: a property or index known when parsing. */
  | (Span & { kind: 'member'; object: ExprNode; property: string | number })
  /** `a[expr]`: a property (string) or index (number) computed per record. */
  | (Span & { kind: 'index'; object: ExprNode; index: ExprNode })
  | (Span & { kind: 'unary'; op: UnaryOp; operand: ExprNode })
  | (Span & { kind: 'binary'; op: BinaryOp; left: ExprNode; right: ExprNode })
  | (Span & { kind: 'logical'; op: LogicalOp; left: ExprNode; right: ExprNode })
  | (Span & { kind: 'conditional'; test: ExprNode; consequent: ExprNode; alternate: ExprNode })
  | (Span & { kind: 'call'; name: string; nameEnd: number; args: ExprNode[] });

/** Property names that are never readable, whatever the data holds. */
export const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
