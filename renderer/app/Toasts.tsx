/** Transient messages (errors stay until dismissed or 10 s, others 4 s). */
import { useEffect } from 'react';
import { useStudio } from '../store/StoreProvider.js';
import type { Toast } from '../store/types.js';

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useStudio((s) => s.dismissToast);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), toast.kind === 'error' ? 10_000 : 4000);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <div className="toast" data-testid="toast" data-kind={toast.kind} role={toast.kind === 'error' ? 'alert' : 'status'}>
      <span className="msg">{toast.message}</span>
      <button onClick={() => dismiss(toast.id)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useStudio((s) => s.toasts);
  return (
    <div className="toasts">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}
