/**
 * The two ways the wire codec fails, kept apart so the server can tell a hostile or broken peer
 * from a bug on our side:
 * - `DecodeError` (a RangeError): the bytes are truncated, a length or count exceeds what is left,
 *   a non-nullable field arrived as null, a varint is overlong. The server closes the connection.
 * - `EncodeError` (a TypeError): a value cannot be written (null in a non-nullable field, a string
 *   longer than 32767 bytes, a malformed uuid, NaN as int64). That is a Sluice bug. An int outside
 *   its field's range surfaces as Node's own ERR_OUT_OF_RANGE RangeError from the Buffer write;
 *   so test for `instanceof DecodeError`, not RangeError, to recognise bad input.
 * An unsupported API key or version is neither: the codec throws `KafkaError(UNSUPPORTED_VERSION)`.
 */
export class DecodeError extends RangeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DecodeError';
  }
}

export class EncodeError extends TypeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EncodeError';
  }
}
