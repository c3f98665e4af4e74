/**
 * The data a code node sees and returns. Everything is plain JSON-like data: records cross into the
 * sandbox as one JSON string and come back as one, so no host object (and no host function) ever
 * reaches user code. Key and value are already deserialized (a JSON value, or a string for
 * string-formatted topics); headers are decoded to strings.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What the user function receives as `record`. */
export interface CodeRecordIn {
  key: JsonValue;
  value: JsonValue;
  headers: Record<string, string>;
  timestamp: number;
  topic: string;
  partition: number;
  offset: number;
}

/**
 * One record the user function emitted. `headers` and `timestamp` default to the input record's
 * when the function leaves them out. Inside key and value, JSON.stringify rules apply (`undefined`
 * members are dropped, NaN becomes null).
 */
export interface CodeRecordOut {
  key: JsonValue;
  value: JsonValue;
  headers: Record<string, string>;
  timestamp: number;
}

/** One entry per input record, in order: its outputs (empty when dropped) or why it failed. */
export type CodeRecordResult = { ok: true; outputs: CodeRecordOut[] } | { ok: false; error: string };
