/**
 * Spaces calls to one CRM at a steady rate: each call takes the next slot, 1/rate seconds after the previous one, and
 * waits for it. Slots are handed out in the order they are asked for, whatever the number of calls in flight.
 */
export interface Pacer {
  /** Resolves at this call's slot; rejects if `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void>;
}

export function createPacer(ratePerSecond: number, clock: () => number = () => performance.now()): Pacer {
  const gap = 1000 / ratePerSecond;
  let next = 0;
  return {
    take(signal) {
      const now = clock();
      const slot = Math.max(now, next);
      next = slot + gap;
      const wait = slot - now;
      if (wait <= 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, wait);
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(new Error('stopped'));
          },
          { once: true },
        );
      });
    },
  };
}
