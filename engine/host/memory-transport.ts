/**
 * An in-memory Transport pair: an EngineClient wired straight to an EngineHost connection, for
 * tests and in-process tools. Messages are structured-cloned and delivered asynchronously, as a
 * MessagePort would, so nothing can depend on shared objects or synchronous delivery.
 *
 * Invariant: closing either side closes both (the client sees API_DISCONNECTED for pending calls,
 * the host drops the connection's taps).
 */
import { EngineClient, type Transport } from '../api/client.js';
import type { EngineHost } from './engine-host.js';

export function connectInMemory(host: EngineHost): EngineClient {
  let onMessage: (message: unknown) => void = () => undefined;
  let onClose: (reason: string) => void = () => undefined;
  let open = true;
  const shut = (reason: string) => {
    if (!open) return;
    open = false;
    connection.close();
    onClose(reason);
  };
  const connection = host.connect(
    (message) => {
      const copy = structuredClone(message);
      queueMicrotask(() => open && onMessage(copy));
    },
    () => shut('the engine host closed'),
  );
  const transport: Transport = {
    send(message) {
      if (!open) return;
      const copy = structuredClone(message);
      queueMicrotask(() => void connection.receive(copy));
    },
    onMessage: (handler) => void (onMessage = handler),
    onClose: (handler) => void (onClose = handler),
    close: () => shut('closed by the client'),
  };
  return new EngineClient(transport);
}
