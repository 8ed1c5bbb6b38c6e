import { describe, expect, it } from 'vitest';
import { batchSizeFor, createPacer } from './pacer.js';

describe('createPacer', () => {
  it('spaces calls 1/rate apart and gives a batch of n its n slots, so no second holds more than the rate', () => {
    let clock = 1000;
    const pacer = createPacer(20, { now: () => clock, margin: 0 });
    const starts = Array.from({ length: 45 }, () => pacer.reserve());
    expect(starts.slice(0, 3)).toEqual([1000, 1050, 1100]);
    const inFirstSecond = starts.filter((t) => t >= 1000 && t < 2000).length;
    expect(inFirstSecond).toBe(20);
    clock = 10_000;
    expect(pacer.reserve(20)).toBe(10_000);
    expect(pacer.reserve(1)).toBe(11_000);
  });

  it('does not save up slots while idle', () => {
    let clock = 0;
    const pacer = createPacer(10, { now: () => clock, margin: 0 });
    pacer.reserve();
    clock = 60_000;
    expect(pacer.reserve()).toBe(60_000);
    expect(pacer.reserve()).toBe(60_100);
  });

  it('keeps a margin by default, so that batches of a quarter of the rate never put more than the rate in any second', () => {
    let clock = 0;
    const pacer = createPacer(20, { now: () => clock });
    expect(batchSizeFor(20)).toBe(5);
    const starts = Array.from({ length: 40 }, () => pacer.reserve(5));
    // Any window of one second (a few ms of jitter included) holds at most 4 batches of 5.
    for (const t of starts) expect(starts.filter((s) => s >= t - 5 && s < t + 1000).length * 5).toBeLessThanOrEqual(20);
    expect(batchSizeFor(1000)).toBe(20);
    expect(batchSizeFor(2)).toBe(1);
  });

  it('never releases more than the rate within any second, batches included', async () => {
    const releases: Array<[number, number]> = [];
    const pacer = createPacer(100, { margin: 0, onRelease: (at, units) => releases.push([at, units]) });
    await Promise.all([pacer.acquire(1), ...Array.from({ length: 30 }, () => pacer.acquire(5))]);
    expect(releases.reduce((n, [, u]) => n + u, 0)).toBe(151);
    for (const [t] of releases) expect(releases.filter(([s]) => s >= t && s < t + 1000).reduce((n, [, u]) => n + u, 0)).toBeLessThanOrEqual(100);
  });

  it('stops waiting when aborted', async () => {
    const pacer = createPacer(1);
    await pacer.acquire();
    const controller = new AbortController();
    const waiting = pacer.acquire(1, controller.signal);
    controller.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
  });
});
