/**
 * Google Wallet allows 20 requests per second (google-wallet.md §1.1). Every call, and every call inside a batch,
 * takes its slot here: slots are spaced a little over 1/rate apart (a 2 % margin, so that a few milliseconds of
 * network jitter never puts one call too many in a second as Google counts it), and a batch of n takes n consecutive
 * slots. Batches of a quarter of the rate keep the calls spread over each second rather than bunched at its start.
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

export const PACING_MARGIN = 0.02;

/** Calls per batch request that keep a second's calls spread out: a quarter of the rate, at most 20. */
export const batchSizeFor = (ratePerSecond: number): number => Math.max(1, Math.min(20, Math.floor(ratePerSecond / 4)));

export interface PacerOptions {
  now?: () => number;
  margin?: number;
  /** Told of each release (benchmarks measure the pacing kept where it is decided). */
  onRelease?: (at: number, units: number) => void;
}

export function createPacer(ratePerSecond = GOOGLE_RATE_PER_SECOND, options: PacerOptions = {}): Pacer {
  const now = options.now ?? (() => performance.now());
  const margin = options.margin ?? PACING_MARGIN;
  if (!(ratePerSecond > 0)) throw new Error('the rate must be positive');
  const spacing = (1000 / ratePerSecond) * (1 + margin);
  let next = 0;
  let queue: Promise<void> = Promise.resolve();
  const limit = Math.max(1, Math.floor(ratePerSecond));
  const windowMs = 1000 * (1 + margin);
  const recent: Array<[number, number]> = [];
  let inWindow = 0;
  const reserve = (units = 1): number => {
    const start = Math.max(now(), next);
    next = start + units * spacing;
    return start;
  };
  return {
    ratePerSecond,
    reserve,
    // One waiter at a time, and its slots counted from when it actually goes: a timer that fires late (a busy event
    // loop) pushes the next calls back instead of letting them follow too closely. On top of the spacing, the calls
    // of the last second (stretched by the margin) are counted, so that no second ever holds more than the rate even
    // where a batch's calls leave together.
    acquire(units = 1, signal) {
      const turn = queue.then(async () => {
        await sleep(next - now(), signal);
        for (;;) {
          const t = now();
          while (recent.length > 0 && recent[0]![0] <= t - windowMs) inWindow -= recent.shift()![1];
          if (inWindow + units <= limit || recent.length === 0) break;
          await sleep(recent[0]![0] + windowMs - t + 1, signal);
        }
        const at = reserve(units);
        recent.push([at, units]);
        inWindow += units;
        options.onRelease?.(at, units);
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
