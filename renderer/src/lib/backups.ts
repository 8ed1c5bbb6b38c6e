import type { BackupsView, RestoreReport } from './contract';

/** 1.4 MB, 830 kB: sizes as people read them (decimal units, like the file managers of macOS and Windows 11). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}

export interface WaitOptions {
  /** Reads the backups view; throws while the server is restarting (connection refused). */
  read: () => Promise<BackupsView>;
  sleep: (ms: number) => Promise<void>;
  intervalMs?: number;
  /** Gives up after this many reads (the restart of a large database takes a while: 2 min by default). */
  maxReads?: number;
}

/**
 * After asking for a restore, the server answers, closes, swaps the file and starts again: until then every read
 * fails. The restore is over when a read succeeds with a report of a restore that started at or after `since`.
 * Returns it, or undefined when the server did not come back in time.
 */
export async function waitForRestore(since: number, opts: WaitOptions): Promise<RestoreReport | undefined> {
  const interval = opts.intervalMs ?? 1000;
  const reads = opts.maxReads ?? 120;
  for (let i = 0; i < reads; i++) {
    await opts.sleep(interval);
    try {
      const view = await opts.read();
      if (view.lastRestore && view.lastRestore.at >= since) return view.lastRestore;
    } catch {
      // Restarting: ask again.
    }
  }
  return undefined;
}
