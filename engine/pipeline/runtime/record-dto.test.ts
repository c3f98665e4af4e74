/**
 * Tap records as the studio receives them: value, key and header values are all cut to the preview
 * size (a tap at 50,000 records/s must not ship a megabyte key per record), values flagged as cut.
 */
import { describe, expect, it } from 'vitest';
import { toRecordDto } from './record-dto.js';

describe('toRecordDto', () => {
  it('cuts the key and header values to the preview size as well as the value', () => {
    const big = 'k'.repeat(10_000);
    const dto = toRecordDto({ key: big, value: { big }, timestamp: 5, headers: [{ key: 'h', value: Buffer.from(big) }] }, 100);
    expect(dto.value).toHaveLength(100);
    expect(dto.truncated).toBe(true);
    expect(dto.key).toBe(big.slice(0, 100));
    expect(dto.headers).toEqual([{ key: 'h', value: big.slice(0, 100) }]);
  });

  it('leaves short records whole', () => {
    const dto = toRecordDto({ key: Buffer.from('k1'), value: 'v', timestamp: 5, headers: [{ key: 'h', value: null }] }, 100);
    expect(dto).toEqual({ timestamp: 5, key: 'k1', value: 'v', valueBytes: 1, truncated: false, headers: [{ key: 'h', value: null }] });
  });
});
