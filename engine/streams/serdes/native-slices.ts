/**
 * Text from bytes, as cheaply as V8 and Node allow: Node's native Buffer decoders called directly
 * (what Buffer#toString(encoding, start, end) calls after its argument checks and encoding lookup,
 * which cost more than decoding a short field), and up to 8 ASCII bytes decoded in JS, which costs
 * a third of a native call (keys and short JSON strings). Callers pass bounds within the buffer.
 */
interface NativeSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** bytes[start, end) as Latin-1 (one character per byte; ASCII text decodes the same). */
export const latin1Slice = (bytes: Buffer, start: number, end: number): string => (bytes as unknown as NativeSlices).latin1Slice(start, end);

/** bytes[start, end) as UTF-8, exactly as bytes.toString('utf8', start, end). */
export const utf8Slice = (bytes: Buffer, start: number, end: number): string => (bytes as unknown as NativeSlices).utf8Slice(start, end);

const fromCharCode = String.fromCharCode;

/** The characters of the 0…8 ASCII bytes b[at, at + n) (one per byte). */
export function asciiChars(b: Buffer, at: number, n: number): string {
  switch (n) {
    case 0: return '';
    case 1: return fromCharCode(b[at]!);
    case 2: return fromCharCode(b[at]!, b[at + 1]!);
    case 3: return fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!);
    case 4: return fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
    case 5: return fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!, b[at + 4]!);
    case 6: return fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!, b[at + 4]!, b[at + 5]!);
    case 7: return fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!, b[at + 4]!, b[at + 5]!, b[at + 6]!);
    default: return fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!, b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!);
  }
}
