import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stopServer, waitForReady, type ServerProcess } from './server-lifecycle.js';

/** Stands in for Electron's UtilityProcess: an EventEmitter with postMessage/kill. */
class FakeServer extends EventEmitter implements ServerProcess {
  posted: unknown[] = [];
  kills = 0;
  constructor(private readonly behaviour: { exitOnShutdown?: boolean; exitOnKill?: boolean; postThrows?: boolean } = {}) {
    super();
  }
  postMessage(message: unknown): void {
    if (this.behaviour.postThrows) throw new Error('channel closed');
    this.posted.push(message);
    if (this.behaviour.exitOnShutdown) setTimeout(() => this.emit('exit', 0), 10);
  }
  kill(): boolean {
    this.kills += 1;
    if (this.behaviour.exitOnKill) setTimeout(() => this.emit('exit', 15), 10);
    return true;
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('waitForReady', () => {
  it('resolves with the ready message and stops listening', async () => {
    const proc = new FakeServer();
    const result = waitForReady(proc, 20_000);
    proc.emit('message', { type: 'hello' });
    proc.emit('message', { type: 'ready', adminUrl: 'http://127.0.0.1:4380', publicUrl: 'http://127.0.0.1:4381' });
    await expect(result).resolves.toEqual({
      ok: true,
      ready: { type: 'ready', adminUrl: 'http://127.0.0.1:4380', publicUrl: 'http://127.0.0.1:4381' },
    });
    expect(proc.listenerCount('message')).toBe(0);
    expect(proc.listenerCount('exit')).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports the error the server posts', async () => {
    const proc = new FakeServer();
    const result = waitForReady(proc, 20_000);
    proc.emit('message', { type: 'error', message: 'EADDRINUSE 127.0.0.1:4380' });
    await expect(result).resolves.toEqual({ ok: false, failure: { kind: 'reported', message: 'EADDRINUSE 127.0.0.1:4380' } });
  });

  it('reports a malformed ready message at once instead of waiting for the timeout', async () => {
    const proc = new FakeServer();
    const result = waitForReady(proc, 20_000);
    proc.emit('message', { type: 'ready', adminUrl: 'nope', publicUrl: 'http://127.0.0.1:4381' });
    const r = await result;
    expect(r.ok === false && r.failure.kind).toBe('reported');
  });

  it('reports an exit before ready with its code', async () => {
    const proc = new FakeServer();
    const result = waitForReady(proc, 20_000);
    proc.emit('exit', 1);
    await expect(result).resolves.toEqual({ ok: false, failure: { kind: 'exited', code: 1 } });
  });

  it('times out when the server says nothing', async () => {
    const proc = new FakeServer();
    const result = waitForReady(proc, 20_000);
    await vi.advanceTimersByTimeAsync(19_999);
    proc.emit('message', { type: 'log' });
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual({ ok: false, failure: { kind: 'timeout', timeoutMs: 20_000 } });
    expect(proc.listenerCount('message')).toBe(0);
  });

  it('ignores a ready that comes after the timeout', async () => {
    const proc = new FakeServer();
    const result = waitForReady(proc, 100);
    await vi.advanceTimersByTimeAsync(100);
    proc.emit('message', { type: 'ready', adminUrl: 'http://127.0.0.1:4380', publicUrl: 'http://127.0.0.1:4381' });
    expect((await result).ok).toBe(false);
  });
});

describe('stopServer', () => {
  it('posts shutdown and resolves when the server exits by itself', async () => {
    const proc = new FakeServer({ exitOnShutdown: true });
    const outcome = stopServer(proc, { graceMs: 10_000, killWaitMs: 2_000 });
    await vi.advanceTimersByTimeAsync(10);
    await expect(outcome).resolves.toBe('exited');
    expect(proc.posted).toEqual([{ type: 'shutdown' }]);
    expect(proc.kills).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('kills a server that does not exit within the grace period', async () => {
    const proc = new FakeServer({ exitOnKill: true });
    const outcome = stopServer(proc, { graceMs: 10_000, killWaitMs: 2_000 });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(proc.kills).toBe(0);
    await vi.advanceTimersByTimeAsync(1 + 10);
    await expect(outcome).resolves.toBe('killed');
    expect(proc.kills).toBe(1);
  });

  it('says so when even the kill does not end it', async () => {
    const proc = new FakeServer();
    const outcome = stopServer(proc, { graceMs: 1_000, killWaitMs: 500 });
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(outcome).resolves.toBe('unresponsive');
    expect(proc.listenerCount('exit')).toBe(0);
  });

  it('still kills when the message channel is already closed', async () => {
    const proc = new FakeServer({ postThrows: true, exitOnKill: true });
    const outcome = stopServer(proc, { graceMs: 1_000, killWaitMs: 500 });
    await vi.advanceTimersByTimeAsync(1_010);
    await expect(outcome).resolves.toBe('killed');
  });
});
