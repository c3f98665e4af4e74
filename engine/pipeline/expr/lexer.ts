/**
 * Lexer: source text → tokens. Hand-written, single pass, no regular expressions on the hot
 * path. Invariants: every token records its [start, end) offsets; the token list always ends
 * with one `eof` token at source.length; any character that cannot start a token is reported
 * as an ExprSyntaxError at its own offset.
 */
import { ExprSyntaxError } from './errors.js';

export type TokenKind = 'number' | 'string' | 'identifier' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The punctuation or identifier text, the decoded string, or the number's source text. */
  text: string;
  /** Parsed value for number tokens. */
  number: number;
  start: number;
  end: number;
}

/** Longest first, so `<=` wins over `<`. */
const PUNCTUATION = ['===', '!==', '&&', '||', '??', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', ',', '(', ')', '[', ']', '='];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === 46 && isDigit(source.charCodeAt(i + 1)))) {
      i = scanNumber(source, i);
      const text = source.slice(start, i);
      if (isIdentStart(source.charCodeAt(i))) {
        throw new ExprSyntaxError(`Invalid number '${text}${source[i] ?? ''}'`, start, i + 1 - start);
      }
      tokens.push({ kind: 'number', text, number: Number(text), start, end: i });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(source.charCodeAt(i))) i++;
      tokens.push({ kind: 'identifier', text: source.slice(start, i), number: 0, start, end: i });
      continue;
    }
    if (c === 34 || c === 39) {
      const [text, end] = scanString(source, i);
      tokens.push({ kind: 'string', text, number: 0, start, end });
      i = end;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (punct === undefined) {
      const ch = String.fromCodePoint(source.codePointAt(i) ?? c);
      throw new ExprSyntaxError(`Unexpected character '${ch}'`, i, ch.length);
    }
    if (punct === '===' || punct === '!==') {
      throw new ExprSyntaxError(`'${punct}' is not an operator: use '${punct.slice(0, 2)}' (always strict)`, i, 3);
    }
    if (punct === '=') {
      throw new ExprSyntaxError(`'=' is not an operator: use '==' to compare`, i, 1);
    }
    i += punct.length;
    tokens.push({ kind: 'punct', text: punct, number: 0, start, end: i });
  }
  tokens.push({ kind: 'eof', text: '', number: 0, start: n, end: n });
  return tokens;
}

/** Digits, optional fraction, optional exponent; returns the offset after the number. */
function scanNumber(source: string, from: number): number {
  let i = from;
  while (isDigit(source.charCodeAt(i))) i++;
  if (source.charCodeAt(i) === 46 && isDigit(source.charCodeAt(i + 1))) {
    i++;
    while (isDigit(source.charCodeAt(i))) i++;
  }
  const e = source.charCodeAt(i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    const sign = source.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (!isDigit(source.charCodeAt(j))) {
      throw new ExprSyntaxError('Invalid number: exponent without digits', from, j - from);
    }
    while (isDigit(source.charCodeAt(j))) j++;
    i = j;
  }
  return i;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0', '\\': '\\', "'": "'", '"': '"', '/': '/' };

/** A quoted string starting at `from`; returns the decoded text and the offset after the quote. */
function scanString(source: string, from: number): [string, number] {
  const quote = source[from];
  let i = from + 1;
  let out = '';
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (ch === quote) return [out, i + 1];
    if (ch === '\n') break;
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const next = source[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined && !(next === '0' && isDigit(source.charCodeAt(i + 2)))) {
      out += simple;
      i += 2;
      continue;
    }
    if (next === 'u') {
      const braced = source[i + 2] === '{';
      const hex = braced ? /^\{([0-9a-fA-F]{1,6})\}/.exec(source.slice(i + 2)) : /^[0-9a-fA-F]{4}/.exec(source.slice(i + 2));
      const digits = hex === null ? undefined : braced ? hex[1] : hex[0];
      const code = digits === undefined ? NaN : parseInt(digits, 16);
      if (hex === null || !(code <= 0x10ffff)) {
        throw new ExprSyntaxError('Invalid unicode escape: use \\uXXXX or \\u{X…}', i, 2);
      }
      out += String.fromCodePoint(code);
      i += 2 + hex[0].length;
      continue;
    }
    throw new ExprSyntaxError(`Invalid escape '\\${next}' in string`, i, 2);
  }
  throw new ExprSyntaxError('Unterminated string literal', from, i - from);
}
