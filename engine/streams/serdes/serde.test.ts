import { describe, expect, it } from 'vitest';
import { Serdes, WindowedSerdes, changeSerde, deserializeNullable, serializeNullable, windowed } from '../index.js';
import { encodeToBuffer } from '../../client/record-batch-builder.js';
import { payloadEncoderOf, payloadSerializerOf, spanDeserializerOf, type Serde } from './serde.js';

describe('serdes', () => {
  it("use Kafka's big-endian layouts for numbers", () => {
    expect(Serdes.Int32().serialize('t', -2)).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xfe]));
    expect(Serdes.Int64().serialize('t', 258)).toEqual(Buffer.from([0, 0, 0, 0, 0, 0, 1, 2]));
    expect(Serdes.Int64().deserialize('t', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(-1);
    expect(Serdes.Float64().serialize('t', 1.5)).toEqual(Buffer.from([0x3f, 0xf8, 0, 0, 0, 0, 0, 0]));
    expect(() => Serdes.Int32().deserialize('t', Buffer.from([1, 2]))).toThrow(/not 4/);
  });

  it('write and read Int64 exactly as BigInt does across the safe-integer range, and refuse what a number cannot hold exactly', () => {
    const L = Serdes.Int64();
    for (const v of [0, -1, 2 ** 32, -(2 ** 32), 2 ** 32 - 1, 1_700_000_000_123, -1_700_000_000_123, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      const expected = Buffer.alloc(8);
      expected.writeBigInt64BE(BigInt(v));
      expect(L.serialize('t', v)).toEqual(expected);
      expect(L.deserialize('t', expected)).toBe(v);
    }
    // A Java producer's id above 2^53 would read back rounded (and two ids as one): refused, naming it.
    const big = Buffer.alloc(8);
    big.writeBigInt64BE(2n ** 53n + 1n);
    expect(() => L.deserialize('ids', big)).toThrow('The Int64 value 9007199254740993 (topic ids) is beyond ±(2^53 − 1)');
    for (const v of [1.9, 2 ** 60, Number.NaN]) expect(() => L.serialize('t', v)).toThrow(`The Int64 serde cannot serialize ${v}: it takes whole numbers within ±(2^53 − 1)`);
  });

  it("Kafka's other serdes: Short, Integer, Float, Boolean, UUID and Void layouts; values a layout cannot hold are refused; null serializes as null", () => {
    expect(Serdes.Short().serialize('t', -2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(Serdes.Short().deserialize('t', Buffer.from([0x7f, 0xff]))).toBe(32767);
    expect(() => Serdes.Short().serialize('t', 40_000)).toThrow('The Int16 serde cannot serialize 40000: it takes whole numbers in [-32768, 32767]');
    expect(() => Serdes.Integer().serialize('t', 2 ** 31)).toThrow('The Int32 serde cannot serialize 2147483648');
    expect(() => Serdes.Integer().serialize('t', 1.5)).toThrow(RangeError);
    expect(Serdes.Float().serialize('t', 1.5)).toEqual(Buffer.from([0x3f, 0xc0, 0, 0]));
    expect(Serdes.Float().deserialize('t', Buffer.from([0xbf, 0x80, 0, 0]))).toBe(-1);
    expect(Serdes.Boolean().serialize('t', true)).toEqual(Buffer.from([1]));
    expect(Serdes.Boolean().deserialize('t', Buffer.from([0]))).toBe(false);
    expect(() => Serdes.Boolean().deserialize('t', Buffer.from([2]))).toThrow('Unexpected byte received by Boolean deserializer: 2');
    const id = '123e4567-e89b-12d3-a456-426614174000';
    expect(Serdes.UUID().serialize('t', id)).toEqual(Buffer.from(id));
    expect(Serdes.UUID().deserialize('t', Buffer.from(id.toUpperCase()))).toBe(id);
    expect(() => Serdes.UUID().serialize('t', 'nope')).toThrow('The UUID serde cannot serialize "nope"');
    expect(Serdes.Void().serialize('t', null)).toBeNull();
    expect(() => Serdes.Void().deserialize('t', Buffer.from([1]))).toThrow('Data should be null for a Void deserializer');
    expect(Serdes.ByteArray()).toBe(Serdes.Bytes());
    for (const serde of [Serdes.String(), Serdes.Bytes(), Serdes.Short(), Serdes.Integer(), Serdes.Long(), Serdes.Float(), Serdes.Double(), Serdes.Boolean(), Serdes.UUID()]) {
      expect((serde as { serialize(topic: string, value: unknown): Buffer | null }).serialize('t', null)).toBeNull();
    }
  });

  it('round-trip strings, JSON and bytes; null is a null payload', () => {
    expect(Serdes.String().deserialize('t', Serdes.String().serialize('t', 'héllo')!)).toBe('héllo');
    expect(Serdes.JSON().deserialize('t', Serdes.JSON().serialize('t', { a: [1, 'x'] })!)).toEqual({ a: [1, 'x'] });
    expect(Serdes.Bytes().serialize('t', Buffer.from([1, 2]))).toEqual(Buffer.from([1, 2]));
    expect(serializeNullable(Serdes.String(), 't', null)).toBeNull();
    expect(deserializeNullable(Serdes.String(), 't', null)).toBeNull();
  });

  it('the String serde reads any bytes as Buffer#toString() does (short, long, ASCII or not, invalid UTF-8)', () => {
    const S = Serdes.String();
    const samples = [[], [0], [0x7f], [0x80], [0xc3, 0xa9], [0xe2, 0x82], [0xff, 0x41], [0x63, 0x31, 0x32, 0x33, 0x34]];
    for (let n = 0; n <= 12; n++) samples.push(Array.from({ length: n }, (_, i) => 0x61 + i), Array.from({ length: n }, (_, i) => (i === n - 1 ? 0xe9 : 0x61)));
    for (const sample of samples) {
      const bytes = Buffer.from(sample);
      expect(S.deserialize('t', bytes)).toBe(bytes.toString('utf8'));
      expect(S.deserialize('t', bytes.subarray(1))).toBe(bytes.subarray(1).toString('utf8'));
    }
  });

  it('time-windowed keys are the key bytes then the 8-byte window start (TimeWindowedSerializer)', () => {
    const serde = WindowedSerdes.timeWindowedSerdeFrom(Serdes.String(), 100);
    const bytes = serde.serialize('t', windowed('ab', 300, 400))!;
    expect(bytes).toEqual(Buffer.concat([Buffer.from('ab'), Buffer.from([0, 0, 0, 0, 0, 0, 1, 0x2c])]));
    expect(serde.deserialize('t', bytes)).toEqual(windowed('ab', 300, 400));
  });

  it('session-windowed keys are the key bytes, then end, then start (SessionKeySchema)', () => {
    const serde = WindowedSerdes.sessionWindowedSerdeFrom(Serdes.String());
    const bytes = serde.serialize('t', windowed('k', 5, 9))!;
    expect(bytes).toEqual(Buffer.concat([Buffer.from('k'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 9]), Buffer.from([0, 0, 0, 0, 0, 0, 0, 5])]));
    expect(serde.deserialize('t', bytes)).toEqual(windowed('k', 5, 9));
  });

  it('changes carry new and old values across a repartition topic', () => {
    const serde = changeSerde(Serdes.String());
    for (const c of [
      { newValue: 'n', oldValue: 'o' },
      { newValue: null, oldValue: 'o' },
      { newValue: 'n', oldValue: null },
    ]) {
      expect(serde.deserialize('t', serde.serialize('t', c)!)).toEqual(c);
    }
  });

  it('serializeText is the text whose UTF-8 bytes serialize() returns (String, JSON)', () => {
    const json = Serdes.JSON<unknown>();
    for (const v of [{ a: 1, s: 'é€😀' }, [1, 'two', null], 'plain', 42, true]) {
      expect(Buffer.from(json.serializeText!('t', v), 'utf8')).toEqual(json.serialize('t', v));
    }
    for (const v of ['', 'abc', 'é€😀', '\ud800 lone']) expect(Buffer.from(Serdes.String().serializeText!('t', v), 'utf8')).toEqual(Serdes.String().serialize('t', v));
    expect(() => json.serialize('t', () => 1)).toThrow(/cannot serialize a value of type function/);
    expect(() => json.serializeText!('t', () => 1)).toThrow(/cannot serialize a value of type function/);
  });

  it('payloadEncoderOf: the JSON serde encodes in place the bytes serialize() returns; no other serde has an encoder', () => {
    const json = Serdes.JSON<unknown>();
    const encode = payloadEncoderOf(json)!;
    for (const v of [{ a: 1, s: 'é€😀' }, { a: 2, s: 'x' }, [1, 'two', null], 'plain', 42, true]) expect(encodeToBuffer(v, encode)).toEqual(json.serialize('t', v));
    expect(() => encodeToBuffer(() => 1, encode)).toThrow(/cannot serialize a value of type function/);
    for (const serde of [Serdes.String(), Serdes.Int32(), Serdes.Int64(), Serdes.Float64(), Serdes.Bytes()]) expect(payloadEncoderOf(serde as Serde<unknown>)).toBeUndefined();
    // A serde made from the built-in one (with its own serialize) does not get the built-in encoder.
    expect(payloadEncoderOf({ ...json, serialize: () => Buffer.from('custom') })).toBeUndefined();
  });
});

describe('spanDeserializerOf', () => {
  it('reads a span as deserialize reads the same bytes on their own, for every built-in serde', () => {
    const samples: Array<[Serde<unknown>, Buffer]> = [
      [Serdes.String() as Serde<unknown>, Buffer.from('c42')],
      [Serdes.String() as Serde<unknown>, Buffer.from('naïve key')],
      [Serdes.String() as Serde<unknown>, Buffer.from('a longer ascii key')],
      [Serdes.String() as Serde<unknown>, Buffer.from('é')],
      [Serdes.JSON(), Buffer.from('{"id":1,"s":"x"}')],
      [Serdes.JSON(), Buffer.from('[1,2]')],
      [Serdes.Int64() as Serde<unknown>, Buffer.from([0, 0, 0, 0, 0, 0, 1, 0])],
    ];
    for (const [serde, payload] of samples) {
      const bytes = Buffer.concat([Buffer.from('<<'), payload, Buffer.from('>>')]);
      expect(spanDeserializerOf(serde)('t', bytes, 2, payload.length)).toEqual(serde.deserialize('t', payload));
    }
    expect(spanDeserializerOf(Serdes.String())('t', Buffer.from('x'), 0, -1)).toBeNull();
  });

  it('reads built-in serdes in place with their own deserialize, which cannot be replaced', () => {
    const int32 = Serdes.Int32();
    const json = Serdes.JSON();
    for (const serde of [int32, json, Serdes.String()]) expect(Object.isFrozen(serde)).toBe(true);
    expect(() => Object.assign(int32, { deserialize: () => 0 })).toThrow(TypeError);
    const shared = Buffer.from(new SharedArrayBuffer(16));
    shared.writeInt32BE(42, 2);
    expect(spanDeserializerOf(int32)('t', shared, 2, 4)).toBe(42);
    shared.write('{"a":1}', 6);
    expect(spanDeserializerOf(json)('t', shared, 6, 7)).toEqual({ a: 1 });
  });

  it('gives a user\'s serde a copy of shared (log) memory, and keeps a view of a plain fetch\'s bytes', () => {
    const kept: Buffer[] = [];
    const keeping: Serde<Buffer> = { serialize: (_t, v) => v, deserialize: (_t, bytes) => (kept.push(bytes), bytes) };
    const shared = Buffer.from(new SharedArrayBuffer(8));
    shared.write('<<abc>>');
    spanDeserializerOf(keeping)('t', shared, 2, 3)!.fill(0);
    expect(kept[0]!.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(shared.toString('latin1', 2, 5)).toBe('abc');
    const plain = Buffer.from('<<abc>>');
    expect(spanDeserializerOf(keeping)('t', plain, 2, 3)!.buffer).toBe(plain.buffer);
  });
});

describe('payloadSerializerOf', () => {
  it('writes text for a built-in serde, a plain copy of one and a serde with its own serializeText; null stays null', () => {
    const json = Serdes.JSON<{ a: number }>();
    expect(payloadSerializerOf(json)('t', { a: 1 })).toBe('{"a":1}');
    expect(payloadSerializerOf({ ...json })('t', { a: 2 })).toBe('{"a":2}');
    expect(payloadSerializerOf(Serdes.String())('t', 'x')).toBe('x');
    const own: Serde<number> = { serialize: (_t, n) => Buffer.from(`#${n}`), deserialize: () => 0, serializeText: (_t, n) => `#${n}` };
    expect(payloadSerializerOf(own)('t', 5)).toBe('#5');
    expect(payloadSerializerOf(json)('t', null)).toBeNull();
    expect(payloadSerializerOf(json)('t', undefined)).toBeNull();
  });

  it('uses the serialize of a serde spread from a built-in one with a serialize of its own, not the copied serializeText', () => {
    const upper: Serde<string> = { ...Serdes.String(), serialize: (_t, v) => Buffer.from(v.toUpperCase()) };
    expect(payloadSerializerOf(upper)('t', 'shout')).toEqual(Buffer.from('SHOUT'));
    const tagged: Serde<{ a: number }> = { ...Serdes.JSON<{ a: number }>(), serialize: (_t, v) => Buffer.from(`a=${v.a}`) };
    expect(payloadSerializerOf(tagged)('t', { a: 3 })).toEqual(Buffer.from('a=3'));
    const serializers: Serde<number> = { serialize: (_t, n) => Buffer.from(String(n)), deserialize: () => 0 };
    expect(payloadSerializerOf(serializers)('t', 7)).toEqual(Buffer.from('7'));
  });
});
