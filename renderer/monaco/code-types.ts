/**
 * Ambient types for code nodes, given to Monaco's TypeScript service: what the sandbox passes to
 * the exported transform (engine/pipeline/code/types.ts and bootstrap: `record`, `ctx`) and what it
 * may return. `SluiceKey` and `SluiceValue` come from sample records (infer-type.ts) when there are
 * some, else they are any JSON. Types only: esbuild strips them, so annotated code runs unchanged.
 */
export const SLUICE_CODE_TYPES = `
/** Any JSON value. */
type SluiceJson = null | boolean | number | string | SluiceJson[] | { [key: string]: SluiceJson };

/** The record a code node's transform receives. */
interface SluiceRecord {
  key: SluiceKey;
  value: SluiceValue;
  headers: Record<string, string>;
  timestamp: number;
  topic: string;
  partition: number;
  offset: number;
}

/** A record the transform emits; headers and timestamp default to the input record's. */
interface SluiceOutput {
  key: SluiceJson;
  value: SluiceJson;
  headers?: Record<string, string>;
  timestamp?: number;
}

/** The second argument of the transform. */
interface SluiceContext {
  readonly nodeId: string;
  /** Logs to the studio's run log. */
  log(...args: unknown[]): void;
}

/** Return one record, several, or null to drop the input record. Must be synchronous. */
type SluiceTransform = (record: SluiceRecord, ctx: SluiceContext) => SluiceOutput | SluiceOutput[] | null;

declare const console: { log(...args: unknown[]): void; info(...args: unknown[]): void; warn(...args: unknown[]): void; error(...args: unknown[]): void };
`;

/** A typed starting point for an empty code node. */
export const CODE_STARTER = `// Runs once per record. Return a record, an array of records, or null to drop it.
export default function transform(record: SluiceRecord, ctx: SluiceContext): SluiceOutput | SluiceOutput[] | null {
  return { key: record.key, value: record.value };
}
`;
