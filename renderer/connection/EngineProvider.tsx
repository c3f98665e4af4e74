/**
 * Provides the EngineClient to the studio and keeps it connected: one WebSocket client at a time;
 * when the connection drops it shows why and reconnects with a growing delay (a new client, since
 * an EngineClient ends with its transport). Components read the client with `useEngine()` and
 * re-run their effects when it changes.
 *
 * Invariants: exactly one live client; timers and sockets are released on unmount.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { EngineClient } from '../../engine/api/index.js';
import { engineUrl, WebSocketTransport } from './ws-transport.js';

export type ConnectionStatus = { state: 'connecting' } | { state: 'connected' } | { state: 'disconnected'; reason: string; retryAtMs: number };

interface EngineContextValue {
  client: EngineClient;
  status: ConnectionStatus;
  reconnectNow(): void;
}

const EngineContext = createContext<EngineContextValue | null>(null);

const RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000];

export function EngineProvider({ children, url = engineUrl(window.location) }: { children: ReactNode; url?: string }) {
  const attempt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'connecting' });
  const [generation, setGeneration] = useState(0);
  const [client, setClient] = useState<EngineClient | null>(null);

  useEffect(() => {
    let disposed = false;
    const transport = new WebSocketTransport(url, {
      onOpen: () => {
        if (disposed) return;
        attempt.current = 0;
        setStatus({ state: 'connected' });
      },
      onClose: (reason) => {
        if (disposed) return;
        const delay = RETRY_DELAYS_MS[Math.min(attempt.current, RETRY_DELAYS_MS.length - 1)] ?? 10_000;
        attempt.current++;
        setStatus({ state: 'disconnected', reason, retryAtMs: Date.now() + delay });
        timer.current = setTimeout(() => setGeneration((g) => g + 1), delay);
      },
    });
    const next = new EngineClient(transport);
    setClient(next);
    return () => {
      disposed = true;
      clearTimeout(timer.current);
      next.close();
    };
  }, [url, generation]);

  const reconnectNow = useCallback(() => {
    clearTimeout(timer.current);
    setStatus({ state: 'connecting' });
    setGeneration((g) => g + 1);
  }, []);

  if (client === null) return null;
  return <EngineContext.Provider value={{ client, status, reconnectNow }}>{children}</EngineContext.Provider>;
}

function useEngineContext(): EngineContextValue {
  const value = useContext(EngineContext);
  if (value === null) throw new Error('useEngine() outside <EngineProvider>');
  return value;
}

/** The current EngineClient (changes after a reconnect). */
export const useEngine = (): EngineClient => useEngineContext().client;

export const useConnection = (): Pick<EngineContextValue, 'status' | 'reconnectNow'> => {
  const { status, reconnectNow } = useEngineContext();
  return { status, reconnectNow };
};

/** A context for tests and other hosts (Electron) that bring their own client. */
export function StaticEngineProvider({ client, children }: { client: EngineClient; children: ReactNode }) {
  return <EngineContext.Provider value={{ client, status: { state: 'connected' }, reconnectNow: () => undefined }}>{children}</EngineContext.Provider>;
}
