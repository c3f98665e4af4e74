import { describe, expect, it } from 'vitest';
import { annotateSignature } from './annotate.js';

describe('annotateSignature', () => {
  it('types arrow and function signatures', () => {
    expect(annotateSignature('export default (record) => ({ key: record.key, value: 1 });')).toBe('export default (record: SluiceRecord) => ({ key: record.key, value: 1 });');
    expect(annotateSignature('export default function (r, ctx) { return null; }')).toBe('export default function (r: SluiceRecord, ctx: SluiceContext) { return null; }');
    expect(annotateSignature('// x\nexport default function transform( rec ) {}')).toBe('// x\nexport default function transform(rec: SluiceRecord) {}');
  });

  it('leaves typed or unknown shapes alone', () => {
    expect(annotateSignature('export default (record: SluiceRecord) => null')).toBeNull();
    expect(annotateSignature('export function transform(record) {}')).toBeNull();
    expect(annotateSignature('')).toBeNull();
  });
});
