/**
 * EngineClient: the studio's one way to the engine (DESIGN.md §1). It turns EngineApi calls into
 * request messages on a Transport, matches responses by id, and fans events out to listeners.
 * Transports (WebSocket, MessagePort, an in-memory pair for tests) only move messages.
 *
 * Invariants: every call settles — with the result, with the engine's error as an EngineError, or
 * with API_DISCONNECTED when the transport closes first; listeners added with `on` are removed by
 * disposing what it returns.
 */
import type { EngineApi, EngineEvent, EngineMethod, EventPayload, MethodParams, MethodResult } from './contract.js';
import { ENGINE_EVENTS } from './contract.js';
import { EngineError } from './errors.js';
import { API_ERROR_CODES, engineToClientSchema, type EngineToClientMessage, type RequestMessage } from './messages.js';

export interface Transport {
  send(message: RequestMessage): void;
  /** Registers the single message handler. */
  onMessage(handler: (message: unknown) => void): void;
  /** Registers the single close handler (the engine went away or the transport was closed). */
  onClose(handler: (reason: string) => void): void;
  close(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Listener = (payload: never) => void;

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private closedReason: string | undefined;

  /** The contract as plain async functions: `client.api['topics.list']({})`. */
  readonly api: EngineApi;

  constructor(private readonly transport: Transport) {
    transport.onMessage((message) => this.receive(message));
    transport.onClose((reason) => this.failAll(reason));
    this.api = new Proxy({} as EngineApi, {
      get: (_target, method: string) => (params: unknown) => this.call(method as EngineMethod, params as never),
    });
  }

  call<M extends EngineMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    if (this.closedReason !== undefined) return Promise.reject(disconnected(this.closedReason));
    const id = this.nextId++;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.transport.send({ type: 'request', id, method, params });
    });
  }

  on<E extends EngineEvent>(event: E, listener: (payload: EventPayload<E>) => void): { dispose(): void } {
    let set = this.listeners.get(event);
    if (set === undefined) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return { dispose: () => set.delete(listener as Listener) };
  }

  close(): void {
    this.transport.close();
    this.failAll('closed by the studio');
  }

  private receive(raw: unknown): void {
    const parsed = engineToClientSchema.safeParse(raw);
    if (!parsed.success) return; // Not ours (or a newer engine's extra message); nothing waits on it.
    const message: EngineToClientMessage = parsed.data;
    if (message.type === 'event') {
      if (!Object.hasOwn(ENGINE_EVENTS, message.event)) return;
      for (const listener of this.listeners.get(message.event) ?? []) listener(message.payload as never);
      return;
    }
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else {
      const { code, message: text, domain, retriable, nodeId } = message.error;
      pending.reject(new EngineError(code, text, { domain, retriable, ...(nodeId === undefined ? {} : { nodeId }) }));
    }
  }

  private failAll(reason: string): void {
    this.closedReason ??= reason;
    for (const pending of this.pending.values()) pending.reject(disconnected(reason));
    this.pending.clear();
  }
}

function disconnected(reason: string): EngineError {
  return new EngineError(API_ERROR_CODES.disconnected, `not connected to the engine: ${reason}`, { domain: 'external', retriable: true });
}
