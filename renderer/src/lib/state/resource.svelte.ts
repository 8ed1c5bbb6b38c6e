import { handleError } from '../handle-error';

/**
 * One server read shown on a page: its data, whether it is loading, and the message to show with a retry button.
 * Only the latest call wins, so a slow answer never overwrites a newer one.
 */
export class Resource<T> {
  data = $state.raw<T | undefined>(undefined);
  error = $state<string | null>(null);
  loading = $state(false);
  #loader: (signal: AbortSignal) => Promise<T>;
  #controller: AbortController | null = null;

  constructor(loader: (signal: AbortSignal) => Promise<T>) {
    this.#loader = loader;
  }

  load = async (): Promise<void> => {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.loading = true;
    this.error = null;
    try {
      const data = await this.#loader(controller.signal);
      if (controller.signal.aborted) return;
      this.data = data;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = handleError(error, { toast: false });
    } finally {
      if (this.#controller === controller) {
        this.loading = false;
        this.#controller = null;
      }
    }
  };

  abort(): void {
    this.#controller?.abort();
  }
}
