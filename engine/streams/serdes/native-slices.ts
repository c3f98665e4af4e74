/**
 * Node's native Buffer decoders, called directly: what Buffer#toString(encoding, start, end) calls
 * after its argument checks and encoding lookup, which cost more than decoding a short field.
 * Callers pass bounds within the buffer.
 */
interface NativeSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** bytes[start, end) as Latin-1 (one character per byte; ASCII text decodes the same). */
export const latin1Slice = (bytes: Buffer, start: number, end: number): string => (bytes as unknown as NativeSlices).latin1Slice(start, end);

/** bytes[start, end) as UTF-8, exactly as bytes.toString('utf8', start, end). */
export const utf8Slice = (bytes: Buffer, start: number, end: number): string => (bytes as unknown as NativeSlices).utf8Slice(start, end);
