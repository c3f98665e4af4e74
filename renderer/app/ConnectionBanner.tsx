/** Says when the engine connection is lost, why, and when the next attempt is; retry on demand. */
import { useEffect, useState } from 'react';
import { useConnection } from '../connection/EngineProvider.js';

export function ConnectionBanner() {
  const { status, reconnectNow } = useConnection();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (status.state !== 'disconnected') return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [status]);
  if (status.state !== 'disconnected') return null;
  const seconds = Math.max(0, Math.ceil((status.retryAtMs - now) / 1000));
  return (
    <div className="banner" role="alert" data-testid="connection-banner">
      <span>
        Not connected to the engine: {status.reason}. Reconnecting{seconds > 0 ? ` in ${seconds} s` : '…'}
      </span>
      <button onClick={reconnectNow}>Retry now</button>
    </div>
  );
}
