/**
 * An in-memory engine for renderer tests: an EngineClient over a Transport that hands each request
 * to a handler from a table (like the host's EngineHandlers), answers asynchronously with its result
 * or its EngineError, and lets the test push events. Methods without a handler answer
 * API_UNKNOWN_METHOD, as the host would for a method it does not serve.
 */
import { API_ERROR_CODES, EngineClient, EngineError, type EngineEvent, type EngineMethod, type EventPayload, type MethodParams, type MethodResult, type RequestMessage, type Transport } from '../../engine/api/index.js';

export type FakeHandlers = { [M in EngineMethod]?: (params: MethodParams<M>) => MethodResult<M> | Promise<MethodResult<M>> };

export interface FakeEngine {
  client: EngineClient;
  calls: Array<{ method: string; params: unknown }>;
  emit<E extends EngineEvent>(event: E, payload: EventPayload<E>): void;
  /** Closes the transport as if the engine went away. */
  drop(reason: string): void;
}

export function fakeEngine(handlers: FakeHandlers): FakeEngine {
  let deliver: (message: unknown) => void = () => undefined;
  let closed: (reason: string) => void = () => undefined;
  const calls: FakeEngine['calls'] = [];
  const transport: Transport = {
    send(request: RequestMessage) {
      calls.push({ method: request.method, params: request.params });
      const handler = (handlers as Record<string, ((params: unknown) => unknown) | undefined>)[request.method];
      void (async () => {
        try {
          if (handler === undefined) throw new EngineError(API_ERROR_CODES.unknownMethod, `unknown method ${request.method}`, { domain: 'internal' });
          const result = await handler(request.params);
          deliver({ type: 'response', id: request.id, ok: true, result });
        } catch (error) {
          const e = error instanceof EngineError ? error : new EngineError(API_ERROR_CODES.internal, String(error), { domain: 'internal' });
          deliver({ type: 'response', id: request.id, ok: false, error: { code: e.code, message: e.message, domain: e.domain, retriable: e.retriable } });
        }
      })();
    },
    onMessage(handler) {
      deliver = handler;
    },
    onClose(handler) {
      closed = handler;
    },
    close() {
      closed('closed');
    },
  };
  const client = new EngineClient(transport);
  return {
    client,
    calls,
    emit: (event, payload) => deliver({ type: 'event', event, payload }),
    drop: (reason) => closed(reason),
  };
}

/** Resolves after pending promise callbacks have run. */
export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
