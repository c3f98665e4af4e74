/**
 * A BrokerAccess across threads: serveBrokerAccess answers requests arriving on a MessagePort
 * with a BrokerAccess of its thread (the embedded broker's), and PortBrokerAccess is the
 * BrokerAccess another thread (a stream thread) calls through the other end of the channel, so
 * `new InProcessClient(new PortBrokerAccess(port))` there is a complete LogClient.
 *
 * Every call is one request message and one reply matched by id (replies to long-polling fetches
 * may come out of order). Requests are handled in arrival order and produce starts its append as
 * its request is handled, so appends to a partition keep call order. Bytes and errors cross as
 * port-codec.ts describes. When the port closes, calls still waiting fail with NETWORK_EXCEPTION.
 */
import type { MessagePort } from 'node:worker_threads';
import { ErrorCode, KafkaError } from '../broker/errors.js';
import { systemClock, type Clock, type Disposable } from '../util/clock.js';
import type { BrokerAccess, GroupRequests } from './broker-access.js';
import { decodeError, encodeError, packBytes, reviveBytes, type PortError } from './port-codec.js';

type Call = (access: BrokerAccess, args: never[]) => Promise<unknown>;

/** The operations a request may name, each a call on the serving side's BrokerAccess. */
type Args<K extends keyof BrokerAccess> = BrokerAccess[K] extends (...args: infer A) => unknown ? A : never;
type GroupArgs<K extends keyof GroupRequests> = Parameters<GroupRequests[K]>;

const OPERATIONS = {
  createTopic: (a, [name, options]: Args<'createTopic'>) => a.createTopic(name, options),
  deleteTopic: (a, [name]: Args<'deleteTopic'>) => a.deleteTopic(name),
  partitionCount: (a, [name]: Args<'partitionCount'>) => a.partitionCount(name),
  listTopicNames: (a) => a.listTopicNames(),
  produce: (a, [topic, partition, batches, options]: Args<'produce'>) => a.produce(topic, partition, batches, options),
  fetch: (a, [requests, options]: Args<'fetch'>) => a.fetch(requests, options),
  listOffsets: (a, [topic, partition, timestamp]: Args<'listOffsets'>) => a.listOffsets(topic, partition, timestamp),
  deleteRecords: (a, [topic, partition, offset]: Args<'deleteRecords'>) => a.deleteRecords(topic, partition, offset),
  joinGroup: (a, [request]: GroupArgs<'joinGroup'>) => a.groups.joinGroup(request),
  syncGroup: (a, [request]: GroupArgs<'syncGroup'>) => a.groups.syncGroup(request),
  heartbeat: (a, [request]: GroupArgs<'heartbeat'>) => a.groups.heartbeat(request),
  leaveGroup: (a, [request]: GroupArgs<'leaveGroup'>) => a.groups.leaveGroup(request),
  commitOffsets: (a, [request]: GroupArgs<'commitOffsets'>) => a.groups.commitOffsets(request),
  fetchOffsets: (a, [request]: GroupArgs<'fetchOffsets'>) => a.groups.fetchOffsets(request),
} satisfies Record<string, (access: BrokerAccess, args: never) => Promise<unknown>>;

type Operation = keyof typeof OPERATIONS;

interface BrokerRequest {
  id: number;
  op: Operation;
  args: unknown[];
}

type BrokerReply = { id: number; value: unknown } | { id: number; error: PortError };

/** Answers the requests arriving on `port` with `access`; dispose closes the port. */
export function serveBrokerAccess(port: MessagePort, access: BrokerAccess): Disposable {
  port.on('message', (request: BrokerRequest) => {
    let result: Promise<unknown>;
    try {
      const call = OPERATIONS[request.op] as Call | undefined;
      if (call === undefined) throw new KafkaError(ErrorCode.INVALID_REQUEST, `unknown broker operation "${String(request.op)}"`, { domain: 'internal' });
      result = call(access, reviveBytes(request.args) as never[]);
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => {
        const transfer: ArrayBuffer[] = [];
        port.postMessage({ id: request.id, value: packBytes(value, transfer, true) } satisfies BrokerReply, transfer);
      },
      (error: unknown) => port.postMessage({ id: request.id, error: encodeError(error) } satisfies BrokerReply),
    );
  });
  return { dispose: () => port.close() };
}

/** The BrokerAccess of a thread whose broker lives in another thread, behind `port`. */
export class PortBrokerAccess implements BrokerAccess {
  readonly groups: GroupRequests;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly port: MessagePort,
    readonly clock: Clock = systemClock,
  ) {
    port.on('message', (reply: BrokerReply) => this.settle(reply));
    port.on('close', () => this.failPending());
    this.groups = {
      joinGroup: (request) => this.call('joinGroup', [request]),
      syncGroup: (request) => this.call('syncGroup', [request]),
      heartbeat: (request) => this.call('heartbeat', [request]),
      leaveGroup: (request) => this.call('leaveGroup', [request]),
      commitOffsets: (request) => this.call('commitOffsets', [request]),
      fetchOffsets: (request) => this.call('fetchOffsets', [request]),
    };
  }

  createTopic: BrokerAccess['createTopic'] = (...args) => this.call('createTopic', args);
  deleteTopic: BrokerAccess['deleteTopic'] = (...args) => this.call('deleteTopic', args);
  partitionCount: BrokerAccess['partitionCount'] = (...args) => this.call('partitionCount', args);
  listTopicNames: BrokerAccess['listTopicNames'] = () => this.call('listTopicNames', []);
  produce: BrokerAccess['produce'] = (...args) => this.call('produce', args);
  fetch: BrokerAccess['fetch'] = (...args) => this.call('fetch', args);
  listOffsets: BrokerAccess['listOffsets'] = (...args) => this.call('listOffsets', args);
  deleteRecords: BrokerAccess['deleteRecords'] = (...args) => this.call('deleteRecords', args);

  /** Closes the port; calls still waiting fail. */
  close(): void {
    this.port.close();
    this.failPending();
  }

  private call<T>(op: Operation, args: unknown[]): Promise<T> {
    if (this.closed) return Promise.reject(this.closedError());
    const id = this.nextId++;
    const transfer: ArrayBuffer[] = [];
    const message = { id, op, args: packBytes(args, transfer) as unknown[] } satisfies BrokerRequest;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.port.postMessage(message, transfer);
    });
  }

  private settle(reply: BrokerReply): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(decodeError(reply.error));
    else waiting.resolve(reviveBytes(reply.value));
  }

  private failPending(): void {
    this.closed = true;
    for (const waiting of this.pending.values()) waiting.reject(this.closedError());
    this.pending.clear();
  }

  private closedError(): KafkaError {
    return new KafkaError(ErrorCode.NETWORK_EXCEPTION, 'the port to the broker thread is closed', { domain: 'internal' });
  }
}
