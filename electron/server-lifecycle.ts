import { parseServerMessage, SHUTDOWN_MESSAGE, type ReadyMessage } from './server-messages.js';

/** The part of Electron's `UtilityProcess` these functions use, so tests can drive them with an EventEmitter. */
export interface ServerProcess {
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'exit', listener: (code: number) => void): unknown;
}

export type StartFailure =
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'exited'; code: number }
  | { kind: 'reported'; message: string };

export type StartResult = { ok: true; ready: ReadyMessage } | { ok: false; failure: StartFailure };

/**
 * Resolves on the server's `ready` message, or with the reason it will never come. Never rejects: the caller
 * turns every failure into one dialog.
 */
export function waitForReady(proc: ServerProcess, timeoutMs: number): Promise<StartResult> {
  return new Promise((resolve) => {
    const finish = (result: StartResult): void => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(result);
    };
    const onMessage = (data: unknown): void => {
      const message = parseServerMessage(data);
      if (message?.type === 'ready') finish({ ok: true, ready: message });
      else if (message?.type === 'error') finish({ ok: false, failure: { kind: 'reported', message: message.message } });
    };
    const onExit = (code: number): void => finish({ ok: false, failure: { kind: 'exited', code } });
    const timer = setTimeout(() => finish({ ok: false, failure: { kind: 'timeout', timeoutMs } }), timeoutMs);
    proc.on('message', onMessage);
    proc.on('exit', onExit);
  });
}

function exitWithin(proc: ServerProcess, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      proc.off('exit', onExit);
      resolve(false);
    }, ms);
    proc.on('exit', onExit);
  });
}

export type StopOutcome = 'exited' | 'killed' | 'unresponsive';

/**
 * Asks the server to close (it checkpoints SQLite and finishes in-flight requests), then kills it if it has not
 * exited after `graceMs`. Call it only while the process is alive: an exited process never emits `exit` again.
 */
export async function stopServer(proc: ServerProcess, opts: { graceMs: number; killWaitMs: number }): Promise<StopOutcome> {
  const exited = exitWithin(proc, opts.graceMs);
  try {
    proc.postMessage(SHUTDOWN_MESSAGE);
  } catch {
    // The channel is already gone: the grace period ends in an exit or a kill all the same.
  }
  if (await exited) return 'exited';
  const killed = exitWithin(proc, opts.killWaitMs);
  proc.kill();
  return (await killed) ? 'killed' : 'unresponsive';
}
