// Transient notifications in a polite live region, so screen readers announce them too.
import { useEffect, useState } from 'preact/hooks';

export interface Toast {
  id: number;
  kind: 'ok' | 'error' | 'info';
  text: string;
}

type Listener = (toasts: Toast[]) => void;
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<Listener>();

function emit() {
  listeners.forEach((l) => l(toasts));
}

export function toast(text: string, kind: Toast['kind'] = 'info'): void {
  const t = { id: nextId++, kind, text };
  toasts = [...toasts.slice(-4), t];
  emit();
  window.setTimeout(() => dismiss(t.id), kind === 'error' ? 9000 : 5000);
}

function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function Toasts() {
  const [items, setItems] = useState<Toast[]>(toasts);
  useEffect(() => {
    listeners.add(setItems);
    return () => {
      listeners.delete(setItems);
    };
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {items.map((t) => (
        <div key={t.id} class={`toast toast-${t.kind}`}>
          <span>{t.text}</span>
          <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
