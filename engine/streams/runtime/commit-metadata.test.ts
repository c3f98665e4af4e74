// The metadata a task commits beside each input offset: read back as written, small, and never an
// error when the offset's metadata was written by something else.
import { describe, expect, it } from 'vitest';
import { decodeCommitMetadata, encodeCommitMetadata, isLegacyCommitMetadata } from './commit-metadata.js';

describe('commit metadata', () => {
  it('reads back the partition time and processor metadata it wrote', () => {
    const metadata = { partitionTimeMs: 1_700_000_000_123, processor: { 'counts-store.lastEmitWindowCloseTime': 1_700_000_000_000, other: -1 } };
    expect(decodeCommitMetadata(encodeCommitMetadata(metadata))).toEqual(metadata);
    expect(encodeCommitMetadata(metadata).length).toBeLessThan(4096); // Kafka's offset.metadata.max.bytes default
  });

  it('reads metadata of other writers and malformed text as none', () => {
    for (const text of [null, undefined, '', 'some tool wrote this', 'sluice-task/1:{', 'sluice-task/1:[1]', 'sluice-task/1:{"t":"x","p":{}}', 'sluice-task/3:{"t":1,"p":{}}']) {
      expect(decodeCommitMetadata(text)).toBeUndefined();
    }
    expect(decodeCommitMetadata('sluice-task/2:{"t":5,"p":{"a":1,"b":"no","c":null}}')).toEqual({ partitionTimeMs: 5, processor: { a: 1 } });
  });

  it('writes version 2, reads version 1 too, and tells version 1 (state in the older changelog format) apart', () => {
    const written = encodeCommitMetadata({ partitionTimeMs: 7, processor: {} });
    expect(written.startsWith('sluice-task/2:')).toBe(true);
    expect(isLegacyCommitMetadata(written)).toBe(false);
    expect(decodeCommitMetadata('sluice-task/1:{"t":5,"p":{}}')).toEqual({ partitionTimeMs: 5, processor: {} });
    expect(isLegacyCommitMetadata('sluice-task/1:{"t":5,"p":{}}')).toBe(true);
    expect(isLegacyCommitMetadata(null)).toBe(false);
  });
});
