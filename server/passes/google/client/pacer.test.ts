import { describe, expect, it } from 'vitest';
import { createPacer } from './pacer.js';

describe('createPacer', () => {
  it('spaces calls 1/rate apart and gives a batch of n its n slots, so no second holds more than the rate', () => {
    let clock = 1000;
    const pacer = createPacer(20, () => clock);
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
    const pacer = createPacer(10, () => clock);
    pacer.reserve();
    clock = 60_000;
    expect(pacer.reserve()).toBe(60_000);
    expect(pacer.reserve()).toBe(60_100);
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
