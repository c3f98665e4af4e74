/**
 * Adds the Sluice types to an untyped transform signature — `export default (record) =>` becomes
 * `export default (record: SluiceRecord) =>` (and `ctx` gets `SluiceContext`) — so the TypeScript
 * service checks the body against the sample-derived record type. Types are erased by esbuild,
 * so the code runs the same. Returns null when there is no untyped default-export signature.
 */
const SIGNATURE = /export\s+default\s+(?:function\s*[A-Za-z_$][\w$]*\s*|function\s*)?\(\s*([A-Za-z_$][\w$]*)\s*(?:,\s*([A-Za-z_$][\w$]*)\s*)?\)/;

export function annotateSignature(source: string): string | null {
  const match = SIGNATURE.exec(source);
  if (match === null) return null;
  const [whole, record, ctx] = match;
  if (record === undefined) return null;
  const open = whole.indexOf('(');
  const params = ctx === undefined ? `${record}: SluiceRecord` : `${record}: SluiceRecord, ${ctx}: SluiceContext`;
  const typed = `${whole.slice(0, open)}(${params})`;
  return source.slice(0, match.index) + typed + source.slice(match.index + whole.length);
}
