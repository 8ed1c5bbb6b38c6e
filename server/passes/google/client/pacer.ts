/**
 * Google Wallet allows 20 requests per second (google-wallet.md §1.1). Every call, and every call inside a batch,
 * takes its slot here: slots are spaced 1/rate apart, a batch of n takes n consecutive slots, so no second ever holds
 * more than `rate` calls as long as a batch holds at most `rate` of them.
 */
export interface Pacer {
  readonly ratePerSecond: number;
  /** Books `units` consecutive slots and returns when the first starts (on the pacer's clock). */
  reserve(units?: number): number;
  /** Waits for `units` consecutive slots (rejects with the signal's reason when aborted). */
  acquire(units?: number, signal?: AbortSignal): Promise<void>;
}

export const GOOGLE_RATE_PER_SECOND = 20;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createPacer(ratePerSecond = GOOGLE_RATE_PER_SECOND, now: () => number = () => performance.now()): Pacer {
  if (!(ratePerSecond > 0)) throw new Error('the rate must be positive');
  const spacing = 1000 / ratePerSecond;
  let next = 0;
  const reserve = (units = 1): number => {
    const start = Math.max(now(), next);
    next = start + units * spacing;
    return start;
  };
  return {
    ratePerSecond,
    reserve,
    async acquire(units = 1, signal) {
      const start = reserve(units);
      await sleep(start - now(), signal);
    },
  };
}
