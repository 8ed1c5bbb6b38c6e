export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

const LIFETIME_MS: Record<ToastKind, number> = { success: 5000, info: 6000, error: 10000 };

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;

  show(kind: ToastKind, message: string): void {
    // The same message twice in a row (e.g. several calls failing together) shows once.
    if (this.items.some((toast) => toast.kind === kind && toast.message === message)) return;
    const id = this.#next++;
    this.items.push({ id, kind, message });
    setTimeout(() => this.dismiss(id), LIFETIME_MS[kind]);
  }

  dismiss(id: number): void {
    const index = this.items.findIndex((toast) => toast.id === id);
    if (index >= 0) this.items.splice(index, 1);
  }

  clear(): void {
    this.items.length = 0;
  }
}

export const toasts = new Toasts();
