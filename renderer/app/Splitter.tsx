/**
 * A drag handle between two panes: reports the pointer's movement along its axis while dragged
 * (pointer capture, so fast drags keep working), and steps of 16 px with the arrow keys.
 */
import type { KeyboardEvent, PointerEvent } from 'react';

export function Splitter({ axis, label, onResize, className }: { axis: 'x' | 'y'; label: string; onResize(deltaPx: number): void; className: string }) {
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    let last = axis === 'x' ? event.clientX : event.clientY;
    const move = (e: globalThis.PointerEvent) => {
      const now = axis === 'x' ? e.clientX : e.clientY;
      onResize(now - last);
      last = now;
    };
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      target.removeEventListener('pointercancel', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
    target.addEventListener('pointercancel', up);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowLeft: -16, ArrowUp: -16, ArrowRight: 16, ArrowDown: 16 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    onResize(step);
  };
  return (
    <div
      className={`splitter ${className}`}
      role="separator"
      aria-label={label}
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
