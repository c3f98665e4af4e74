/**
 * Windows and windowed keys, as Kafka's `Window` / `Windowed<K>`.
 * Time windows are [start, end) (end exclusive); sliding, session and join windows have both
 * bounds inclusive. The bounds semantics belong to the window type, not to this value.
 */
export interface Window {
  readonly start: number;
  readonly end: number;
}

export interface Windowed<K> {
  readonly key: K;
  readonly window: Window;
}

export function windowed<K>(key: K, start: number, end: number): Windowed<K> {
  return { key, window: { start, end } };
}

/** Kafka's `Windowed#toString`: `[key@start/end]`. */
export function formatWindowed(key: Windowed<unknown>): string {
  return `[${String(key.key)}@${key.window.start}/${key.window.end}]`;
}
