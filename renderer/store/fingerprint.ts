/**
 * A canonical text of a JSON value (object keys sorted), so two documents that serialize the same
 * compare equal whatever order their keys were set in. Used for the unsaved-changes mark.
 */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}
