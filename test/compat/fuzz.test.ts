/**
 * Wire fuzzing of `sluice broker` as a black box: thousands of random, truncated and bit-flipped
 * frames over many raw sockets, several at a time:
 * - garbage (framed with a correct size prefix, and unframed);
 * - valid requests (encodeRequest: ApiVersions, Metadata, Produce with each codec, Fetch,
 *   ListOffsets, FindCoordinator, JoinGroup, SyncGroup, Heartbeat, OffsetCommit, OffsetFetch, in
 *   flexible and non-flexible versions) truncated, bit-flipped in the body, or with a batch
 *   corrupted and its CRC re-sealed (so decompression and record parsing see the garbage);
 * - absurd size prefixes (2^31-1, negative, just over socket.request.max.bytes) and bodies that
 *   declare huge array counts.
 * Every connection's answers must come back in request order and decode cleanly; a valid request
 * sent before any bad frame must be answered. Afterwards the broker is alive, answers `kcat -L`,
 * still serves the records produced before the fuzzing byte for byte, accepts new ones, and its
 * log shows closed connections with reasons and no errors.
 *
 * The randomness is seeded: the seed is printed, and SLUICE_FUZZ_SEED=<seed> replays a run (every
 * connection's bytes are generated up front, so concurrency does not change them).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.js';
import { runOk } from '../support/processes.js';
import { FrameReader } from '../../engine/broker/server/frame-reader.js';
import { API_KEYS, decodeRequest, decodeRequestHeader, decodeResponse, encodeRequest, encodeSubscription, type ApiKey } from '../../engine/broker/protocol/index.js';
import { encodeBatch } from '../../engine/broker/records/record-batch.js';
import { BATCH_HEADER_SIZE, Offsets, computeBatchCrc } from '../../engine/broker/records/batch-header.js';
import type { CompressionCodec } from '../../engine/broker/records/compression.js';

const SEED = Number(process.env.SLUICE_FUZZ_SEED ?? Date.now() % 0x7fffffff);
const FUZZ_FRAMES = 8_000;
const WORKERS = 6;
const MAX_FRAME_BYTES = 1 << 20;
const CONNECTION_SAFETY_MS = 5_000;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

interface Template {
  name: string;
  apiKey: ApiKey;
  version: number;
  flexible: boolean;
  build(correlationId: number): Buffer;
}

const CLIENT = 'fuzzer';
const batchOf = (compression: CompressionCodec) =>
  encodeBatch({
    compression,
    records: Array.from({ length: 3 }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`fuzz value ${i} `.repeat(4)), headers: [{ key: 'h', value: Buffer.from([i]) }], timestamp: 1_700_000_000_000 + i })),
  });
const subscription = encodeSubscription(1, { topics: ['fuzz-sink'], userData: null, ownedPartitions: [] });

function templates(): Template[] {
  const t = <K extends ApiKey>(name: string, apiKey: K, version: number, flexible: boolean, body: Parameters<typeof encodeRequest<K>>[4]): Template => ({
    name,
    apiKey,
    version,
    flexible,
    build: (correlationId) => encodeRequest(apiKey, version, correlationId, CLIENT, body),
  });
  const produce = (version: number, compression: CompressionCodec) =>
    t(`Produce v${version} codec ${compression}`, API_KEYS.Produce, version, version >= 9, { transactionalId: null, acks: 1, timeoutMs: 1000, topicData: [{ name: 'fuzz-sink', partitionData: [{ index: 0, records: batchOf(compression) }] }] });
  const fetchBody = { replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 16, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, topics: [{ topic: 'fuzz-sink', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 16 }] }], forgottenTopicsData: [], rackId: '' };
  return [
    t('ApiVersions v0', API_KEYS.ApiVersions, 0, false, {}),
    t('ApiVersions v3', API_KEYS.ApiVersions, 3, true, { clientSoftwareName: 'fuzzer', clientSoftwareVersion: '1.0' }),
    t('Metadata v1', API_KEYS.Metadata, 1, false, { topics: [{ name: 'fuzz-sink' }] }),
    t('Metadata v1 all', API_KEYS.Metadata, 1, false, { topics: null }),
    t('Metadata v9', API_KEYS.Metadata, 9, true, { topics: [{ name: 'fuzz-sink' }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false }),
    produce(3, 0),
    produce(3, 1),
    produce(7, 2),
    produce(7, 3),
    produce(7, 4),
    produce(9, 1),
    t('Fetch v4', API_KEYS.Fetch, 4, false, fetchBody),
    t('Fetch v12', API_KEYS.Fetch, 12, true, fetchBody),
    t('ListOffsets v1', API_KEYS.ListOffsets, 1, false, { replicaId: -1, topics: [{ name: 'fuzz-sink', partitions: [{ partitionIndex: 0, timestamp: -2 }] }] }),
    t('FindCoordinator v2', API_KEYS.FindCoordinator, 2, false, { key: 'fuzz-group', keyType: 0 }),
    t('JoinGroup v5', API_KEYS.JoinGroup, 5, false, { groupId: 'fuzz-group', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription }] }),
    t('JoinGroup v7', API_KEYS.JoinGroup, 7, true, { groupId: 'fuzz-group', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription }] }),
    t('SyncGroup v3', API_KEYS.SyncGroup, 3, false, { groupId: 'fuzz-group', generationId: 1, memberId: 'nobody', groupInstanceId: null, assignments: [] }),
    t('Heartbeat v3', API_KEYS.Heartbeat, 3, false, { groupId: 'fuzz-group', generationId: 1, memberId: 'nobody', groupInstanceId: null }),
    t('OffsetCommit v2', API_KEYS.OffsetCommit, 2, false, { groupId: 'fuzz-commits', generationIdOrMemberEpoch: -1, memberId: '', retentionTimeMs: -1, topics: [{ name: 'fuzz-sink', partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: null }] }] }),
    t('OffsetFetch v1', API_KEYS.OffsetFetch, 1, false, { groupId: 'fuzz-commits', topics: [{ name: 'fuzz-sink', partitionIndexes: [0] }] }),
  ];
}

type FrameKind = 'valid' | 'bitflip' | 'batch-recrc' | 'truncate' | 'huge-count' | 'garbage-framed' | 'truncate-unfixed' | 'garbage-raw' | 'absurd-size';

interface PlannedFrame {
  kind: FrameKind;
  template?: string;
  bytes: Buffer;
  /** Set when the header is intact: any response must decode with this API and version. */
  decodeAs?: { apiKey: ApiKey; version: number };
}

interface PlannedConnection {
  id: number;
  /** Sent first; a valid sentinel (ApiVersions v0) follows them. */
  frames: PlannedFrame[];
  sentinelId: number;
  /** Sent after the sentinel answered; the broker may wait for more bytes or close. */
  terminal?: PlannedFrame;
}

const headerEnd = (frame: Buffer): number => 4 + decodeRequestHeader(frame.subarray(4)).headerSize;

function withSize(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

function flipBits(rng: Rng, frame: Buffer, from: number, to = frame.length): Buffer {
  const out = Buffer.from(frame);
  if (to <= from) return out;
  const flips = 1 + rng.int(8);
  for (let i = 0; i < flips; i++) {
    const at = from + rng.int(to - from);
    out[at] = out[at]! ^ (1 << rng.int(8));
  }
  return out;
}

/** Bit flips inside a Produce's record batch (after its header), then a fresh CRC. */
function corruptBatch(rng: Rng, frame: Buffer): Buffer | undefined {
  const at = frame.indexOf(Buffer.from([2]), 0);
  for (let pos = at; pos >= 0; pos = frame.indexOf(2, pos + 1)) {
    const start = pos - Offsets.magic;
    if (start < 0 || start + BATCH_HEADER_SIZE > frame.length) continue;
    const size = 12 + frame.readInt32BE(start + Offsets.batchLength);
    if (size < BATCH_HEADER_SIZE || start + size > frame.length) continue;
    if (computeBatchCrc(frame, start, size) !== frame.readUInt32BE(start + Offsets.crc)) continue;
    const out = flipBits(rng, frame, start + BATCH_HEADER_SIZE, start + size);
    out.writeUInt32BE(computeBatchCrc(out, start, size), start + Offsets.crc);
    return out;
  }
  return undefined;
}

/** Replaces one array/bytes count in the body with a huge one (int32, or a compact uvarint). */
function hugeCount(rng: Rng, frame: Buffer, flexible: boolean): Buffer {
  const from = headerEnd(frame);
  if (!flexible) {
    const candidates: number[] = [];
    for (let i = from; i + 4 <= frame.length; i++) if (frame.readInt32BE(i) === 1) candidates.push(i);
    const out = Buffer.from(frame);
    const at = candidates.length > 0 ? rng.pick(candidates) : from;
    if (at + 4 <= out.length) out.writeInt32BE(rng.pick([0x7fffffff, 0x40000000, 0x0fffffff, -2]), at);
    return out;
  }
  const candidates: number[] = [];
  for (let i = from; i < frame.length; i++) if (frame[i] === 2) candidates.push(i);
  if (candidates.length === 0) return frame;
  const at = rng.pick(candidates);
  const huge = rng.pick([Buffer.from([0xff, 0xff, 0xff, 0xff, 0x07]), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), Buffer.from([0x80, 0x80, 0x80, 0x80, 0x04])]);
  return withSize(Buffer.concat([frame.subarray(4, at), huge, frame.subarray(at + 1)]));
}

/**
 * A mutated frame that is still a Fetch request is kept only if it cannot park the connection
 * for long (a legal long poll is not what this suite is about, and would stall its sentinel).
 */
function parksTooLong(frame: Buffer): boolean {
  try {
    const payload = frame.subarray(4);
    if (payload.length !== frame.readInt32BE(0)) return false;
    const header = decodeRequestHeader(payload);
    if (header.apiKey !== API_KEYS.Fetch || !header.supported) return false;
    const body = decodeRequest(API_KEYS.Fetch, header.apiVersion, payload, header.headerSize);
    return body.maxWaitMs > 200 && body.minBytes > 0;
  } catch (error) {
    if (error instanceof Error) return false;
    throw error;
  }
}

function planFrame(rng: Rng, all: readonly Template[], correlationId: number, terminal: boolean): PlannedFrame {
  if (terminal) {
    const kind = rng.pick(['truncate-unfixed', 'garbage-raw', 'absurd-size'] as const);
    if (kind === 'garbage-raw') return { kind, bytes: rng.bytes(1 + rng.int(300)) };
    if (kind === 'absurd-size') {
      const size = Buffer.alloc(4);
      size.writeInt32BE(rng.pick([0x7fffffff, -1, -0x80000000, MAX_FRAME_BYTES + 1, 0x40000000]));
      return { kind, bytes: Buffer.concat([size, rng.bytes(rng.int(64))]) };
    }
    const template = rng.pick(all);
    const frame = template.build(correlationId);
    return { kind, template: template.name, bytes: frame.subarray(0, 4 + rng.int(frame.length - 4)) };
  }
  const kind = rng.pick(['valid', 'valid', 'bitflip', 'bitflip', 'bitflip', 'batch-recrc', 'truncate', 'truncate', 'huge-count', 'garbage-framed'] as const);
  if (kind === 'garbage-framed') {
    const payload = rng.bytes(rng.int(200));
    if (payload.length >= 8 && rng.chance(0.5)) {
      // A served API key and version now and then, so the body parser (not just the header) sees garbage.
      const template = rng.pick(all);
      payload.writeInt16BE(template.apiKey, 0);
      payload.writeInt16BE(template.version, 2);
    }
    return { kind, bytes: withSize(payload) };
  }
  const template = kind === 'batch-recrc' ? rng.pick(all.filter((t) => t.apiKey === API_KEYS.Produce)) : rng.pick(all);
  const frame = template.build(correlationId);
  // Mutations leave the header intact, so any answer is that API's, at that version.
  const base = { template: template.name, decodeAs: { apiKey: template.apiKey, version: template.version } };
  switch (kind) {
    case 'valid':
      return { ...base, kind, bytes: frame };
    case 'truncate':
      return { ...base, kind, bytes: withSize(frame.subarray(4, 4 + rng.int(frame.length - 4))) };
    case 'huge-count':
      return { ...base, kind, bytes: hugeCount(rng, frame, template.flexible) };
    case 'batch-recrc':
      return { ...base, kind, bytes: corruptBatch(rng, frame) ?? frame };
    case 'bitflip':
    default: {
      for (;;) {
        const flipped = flipBits(rng, frame, headerEnd(frame));
        if (!parksTooLong(flipped)) return { ...base, kind: 'bitflip', bytes: flipped };
      }
    }
  }
}

function plan(seed: number): PlannedConnection[] {
  const rng = new Rng(seed);
  const all = templates();
  const connections: PlannedConnection[] = [];
  let frames = 0;
  let correlationId = 1000;
  while (frames < FUZZ_FRAMES) {
    const count = 1 + rng.int(6);
    const planned: PlannedFrame[] = [];
    for (let i = 0; i < count; i++) planned.push(planFrame(rng, all, correlationId++, false));
    const terminal = rng.chance(0.3) ? planFrame(rng, all, correlationId++, true) : undefined;
    frames += planned.length + (terminal ? 1 : 0);
    connections.push({ id: connections.length, frames: planned, sentinelId: correlationId++, terminal });
  }
  return connections;
}

interface ConnectionOutcome {
  id: number;
  responses: Buffer[];
  /** The broker closed the connection before the fuzzer ended it. */
  closedByBroker: boolean;
  sentinelAnswered: boolean;
  problem?: string;
}

/** Runs one planned connection: frames + sentinel; once the sentinel is answered, the terminal bytes; then end. */
function runConnection(port: number, planned: PlannedConnection): Promise<ConnectionOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const reader = new FrameReader(64 << 20);
    const outcome: ConnectionOutcome = { id: planned.id, responses: [], closedByBroker: false, sentinelAnswered: false };
    let ended = false;
    const timer = setTimeout(() => {
      outcome.problem = `connection ${planned.id} still open after ${CONNECTION_SAFETY_MS} ms (sentinel answered: ${outcome.sentinelAnswered})`;
      socket.destroy();
    }, CONNECTION_SAFETY_MS);
    const finishWriting = () => {
      if (ended) return;
      ended = true;
      if (planned.terminal) socket.write(planned.terminal.bytes);
      socket.end();
    };
    socket.on('connect', () => {
      socket.write(Buffer.concat([...planned.frames.map((f) => f.bytes), encodeRequest(API_KEYS.ApiVersions, 0, planned.sentinelId, CLIENT, {})]));
    });
    socket.on('data', (chunk) => {
      const frames = reader.push(chunk);
      if (!Array.isArray(frames)) {
        outcome.problem = `response framing: ${frames.reason}`;
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        outcome.responses.push(frame);
        if (frame.readInt32BE(0) === planned.sentinelId) {
          outcome.sentinelAnswered = true;
          finishWriting();
        }
      }
    });
    socket.on('end', () => {
      if (!ended) outcome.closedByBroker = true;
      finishWriting();
    });
    socket.on('error', (error) => {
      if (!ended) outcome.closedByBroker = true;
      // A reset after the broker closed on bad bytes is expected; anything else is reported.
      if (!/ECONNRESET|EPIPE/.test(error.message)) outcome.problem = `socket error: ${error.message}`;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(outcome);
    });
  });
}

/** Checks one connection's answers: in request order, decodable, and every leading valid request answered. */
function checkOutcome(planned: PlannedConnection, outcome: ConnectionOutcome): string[] {
  const problems: string[] = outcome.problem ? [outcome.problem] : [];
  const sent = [...planned.frames.map((f) => ({ frame: f, id: f.bytes.length >= 12 ? f.bytes.readInt32BE(8) : NaN })), { frame: { kind: 'valid', bytes: Buffer.alloc(0), decodeAs: { apiKey: API_KEYS.ApiVersions, version: 0 } } as PlannedFrame, id: planned.sentinelId }];
  let cursor = 0;
  const answered = new Set<number>();
  for (const response of outcome.responses) {
    const id = response.readInt32BE(0);
    while (cursor < sent.length && sent[cursor]!.id !== id) cursor++;
    if (cursor === sent.length) {
      if (planned.terminal && planned.terminal.bytes.length >= 12 && planned.terminal.bytes.readInt32BE(8) === id) continue;
      problems.push(`connection ${planned.id}: response with correlation id ${id} is out of order or was never sent`);
      break;
    }
    const { frame } = sent[cursor]!;
    answered.add(cursor);
    if (frame.decodeAs) {
      try {
        const decoded = decodeResponse(frame.decodeAs.apiKey, frame.decodeAs.version, response);
        if (decoded.end !== response.length) problems.push(`connection ${planned.id}: ${frame.template ?? 'sentinel'} response has ${response.length - decoded.end} stray bytes`);
      } catch (error) {
        problems.push(`connection ${planned.id}: ${frame.template ?? 'sentinel'} response does not decode: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    cursor++;
  }
  for (let i = 0; i < sent.length; i++) {
    if (sent[i]!.frame.kind !== 'valid') break;
    if (!answered.has(i)) problems.push(`connection ${planned.id}: valid request #${i} (${sent[i]!.frame.template ?? 'sentinel'}) before any bad frame got no answer`);
  }
  return problems;
}

describe(`wire fuzzing (seed ${SEED})`, () => {
  let broker: BrokerProcess;
  let before: Buffer;
  const kcatConsume = (topic: string) => runOk('kcat', ['-b', broker.bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p|%o|%T|%K:%k|%S:%s|%h\\n']);

  beforeAll(async () => {
    broker = await startBrokerProcess({ config: { 'socket.request.max.bytes': String(MAX_FRAME_BYTES) } });
    const lines = Array.from({ length: 50 }, (_, i) => `key-${i}:value ${i} ${'x'.repeat(i)}`);
    await runOk('kcat', ['-b', broker.bootstrap, '-P', '-t', 'before-fuzz', '-K:', '-q', '-z', 'gzip', '-H', 'phase=before'], { input: lines.map((l) => `${l}\n`).join('') });
    before = await kcatConsume('before-fuzz');
    expect(before.toString().split('\n').filter(Boolean)).toHaveLength(50);
  });
  afterAll(async () => {
    if (broker) expect(await broker.stop()).toBe(0);
  });

  it('survives thousands of garbage, truncated and bit-flipped frames', { timeout: 30_000 }, async () => {
    console.log(`wire fuzz seed ${SEED} (replay with SLUICE_FUZZ_SEED=${SEED})`);
    const connections = plan(SEED);
    const started = Date.now();
    const outcomes: ConnectionOutcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < connections.length) {
          const planned = connections[next++]!;
          outcomes[planned.id] = await runConnection(broker.port, planned);
        }
      }),
    );
    const frames = connections.reduce((n, c) => n + c.frames.length + (c.terminal ? 1 : 0), 0);
    const kinds = new Map<string, number>();
    for (const c of connections) for (const f of [...c.frames, ...(c.terminal ? [c.terminal] : [])]) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
    console.log(`seed ${SEED}: ${frames} frames over ${connections.length} connections in ${Date.now() - started} ms: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);

    const problems = connections.flatMap((planned) => checkOutcome(planned, outcomes[planned.id]!));
    expect(problems.slice(0, 20), `seed ${SEED}`).toEqual([]);
    expect(frames).toBeGreaterThanOrEqual(FUZZ_FRAMES);

    // The broker is alive and still a broker.
    expect(broker.child.exitCode, `seed ${SEED}`).toBeNull();
    const metadata = (await runOk('kcat', ['-b', broker.bootstrap, '-L', '-t', 'before-fuzz'])).toString();
    expect(metadata).toContain(`broker 1 at ${broker.bootstrap} (controller)`);
    expect(metadata).toContain('topic "before-fuzz" with 1 partitions:');

    // What was produced before is intact, byte for byte; new records still go in and come out.
    expect((await kcatConsume('before-fuzz')).equals(before), `seed ${SEED}: before-fuzz changed`).toBe(true);
    await runOk('kcat', ['-b', broker.bootstrap, '-P', '-t', 'after-fuzz', '-K:', '-q'], { input: 'a:1\nb:2\n' });
    expect((await runOk('kcat', ['-b', broker.bootstrap, '-C', '-t', 'after-fuzz', '-e', '-q', '-f', '%o %k %s\\n'])).toString()).toBe('0 a 1\n1 b 2\n');

    // Its log names why each bad connection was closed; nothing crashed or failed unexpectedly.
    const closing = broker.log.filter((line) => / closing connection \d+ from /.test(line));
    const closedByBroker = outcomes.filter((o) => o.closedByBroker).length;
    expect(closedByBroker).toBeGreaterThan(0);
    expect(closing.length).toBeGreaterThanOrEqual(closedByBroker);
    const reasons = new Map<string, number>();
    for (const line of closing) {
      const text = line.slice(line.indexOf(': ', line.indexOf(' from ')) + 2);
      const reason = text.startsWith('malformed request: ') ? text.split(' ').slice(0, 4).join(' ') : text.split(' ').slice(0, 3).join(' ');
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    console.log(`seed ${SEED}: broker closed ${closedByBroker} connections; log reasons: ${[...reasons].map(([r, n]) => `${r} ×${n}`).join(', ')}`);
    expect(closing.some((line) => /request frame of -?\d+ bytes is outside \[0, \d+\] \(socket\.request\.max\.bytes\)/.test(line))).toBe(true);
    expect(closing.some((line) => /: malformed request: /.test(line))).toBe(true);
    expect(broker.log.filter((line) => / ERROR /.test(line) || /failed unexpectedly|Uncaught|TypeError|RangeError/.test(line)).slice(0, 10), `seed ${SEED}`).toEqual([]);
  });
});
