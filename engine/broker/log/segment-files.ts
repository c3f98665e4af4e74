/**
 * File names of a partition directory, as Kafka lays them out: each segment is three files named
 * by its base offset zero-padded to 20 digits (`00000000000000000000.log`, `.index`, `.timeindex`);
 * compaction writes `<name>.cleaned` and renames it through `<name>.swap`. Two small files hold
 * log state: the clean-shutdown marker and the recovery point (the offset below which every
 * segment is known to be durable and intact).
 */
export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';
export const CLEANED_SUFFIX = '.cleaned';
export const SWAP_SUFFIX = '.swap';
export const TEMP_SUFFIX = '.tmp';
export const CLEAN_SHUTDOWN_FILE = 'clean-shutdown';
export const RECOVERY_POINT_FILE = 'recovery-point';

export type SegmentFileKind = typeof LOG_SUFFIX | typeof INDEX_SUFFIX | typeof TIME_INDEX_SUFFIX;

export function segmentFileName(baseOffset: number, kind: SegmentFileKind, extra = ''): string {
  return `${String(baseOffset).padStart(20, '0')}${kind}${extra}`;
}

const SEGMENT_FILE = /^(\d{20})(\.log|\.index|\.timeindex)(\.cleaned|\.swap)?$/;

export interface ParsedSegmentFile {
  baseOffset: number;
  kind: SegmentFileKind;
  /** '' for a live file, else `.cleaned` or `.swap`. */
  extra: '' | typeof CLEANED_SUFFIX | typeof SWAP_SUFFIX;
}

export function parseSegmentFileName(name: string): ParsedSegmentFile | undefined {
  const match = SEGMENT_FILE.exec(name);
  if (!match) return undefined;
  const baseOffset = Number(match[1]);
  if (!Number.isSafeInteger(baseOffset)) return undefined;
  return {
    baseOffset,
    kind: match[2] as SegmentFileKind,
    extra: (match[3] ?? '') as ParsedSegmentFile['extra'],
  };
}
