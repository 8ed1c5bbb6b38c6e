import { describe, expect, test } from 'vitest';
import type { BackupsView } from './contract';
import { formatBytes, waitForRestore } from './backups';

const view = (lastRestore: BackupsView['lastRestore']): BackupsView => ({
  folder: '/data/backups',
  keep: 7,
  backups: [],
  daily: { nextAt: null, lastError: null },
  canRestore: true,
  lastRestore,
});

describe('backups panel helpers', () => {
  test('sizes in decimal units', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(1_949_696, 'en')).toBe('1.9 MB');
    expect(formatBytes(92_999_680, 'fr')).toMatch(/^93\sMo$/);
  });

  test('waits through the restart for a report of this restore, not an older one', async () => {
    const answers: Array<BackupsView | Error> = [
      new Error('connection refused'),
      view({ at: 50, ok: true, message: 'older' }),
      new Error('connection refused'),
      view({ at: 120, ok: true, message: 'Restored x.' }),
    ];
    const report = await waitForRestore(100, {
      read: async () => {
        const next = answers.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
      sleep: async () => {},
    });
    expect(report).toEqual({ at: 120, ok: true, message: 'Restored x.' });
    expect(answers).toHaveLength(0);
  });

  test('gives up when the server does not come back', async () => {
    let reads = 0;
    const report = await waitForRestore(1, {
      read: async () => {
        reads++;
        throw new Error('down');
      },
      sleep: async () => {},
      maxReads: 5,
    });
    expect(report).toBeUndefined();
    expect(reads).toBe(5);
  });
});
