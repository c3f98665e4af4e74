/**
 * Errors of the expression language. Parsing and compiling report problems by throwing an
 * ExprSyntaxError internally; compileExpression catches it and turns it into a plain ExprError
 * value, so nothing outside this module ever sees a throw. Invariant: every error carries a
 * 0-based offset into the source and a length (0 for "at the end"); line and column are derived
 * from the offset, 1-based, counting UTF-16 code units.
 */

export interface ExprError {
  message: string;
  /** 0-based offset into the source. */
  position: number;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Number of source characters the error covers (0 when it points at the end). */
  length: number;
}

/** Thrown inside the lexer, parser and compiler only; never escapes compileExpression. */
export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly length: number,
  ) {
    super(message);
    this.name = 'ExprSyntaxError';
  }
}

/** The ExprError for a message at `position` in `source`. */
export function toExprError(source: string, message: string, position: number, length: number): ExprError {
  const at = Math.max(0, Math.min(position, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { message, position: at, line, column: at - lineStart + 1, length: Math.max(0, length) };
}

/** Edit distance counting an adjacent transposition as one edit, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [];
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        row.push(i + j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const up = d[i - 1] ?? [];
      let best = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    d.push(row);
  }
  return d[a.length]?.[b.length] ?? 0;
}

/** Candidates close to `name` (case-insensitive edit distance ≤ max(1, len/3)), closest first. */
export function closeMatches(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const threshold = Math.max(1, Math.floor(name.length / 3));
  return candidates
    .map((candidate) => ({ candidate, d: distance(lower, candidate.toLowerCase()) }))
    .filter(({ candidate, d }) => d <= threshold || candidate.toLowerCase().startsWith(lower) && lower.length >= 3)
    .sort((x, y) => x.d - y.d || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** " Did you mean 'a' or 'b'?" or "". */
export function suggestion(name: string, candidates: readonly string[]): string {
  const matches = closeMatches(name, candidates);
  if (matches.length === 0) return '';
  const quoted = matches.map((m) => `'${m}'`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  return ` Did you mean ${list}?`;
}
