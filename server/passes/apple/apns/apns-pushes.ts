/**
 * Pass update pushes for a running server: the sender (endpoint from the settings), the outbox worker, and the hooks
 * the rest of the server needs. In the running server, server-pushes.ts starts it, restarts it when the signing
 * identity changes, and stops it before the database closes.
 */
import type { Db } from '../../../db/connection.js';
import type { SettingsRepository } from '../../../settings/settings-repository.js';
import { readApnsEndpoint } from './apns-endpoint.js';
import type { CredentialsProblem } from './apns-outcome.js';
import { createApnsSender, type ApnsIdentity, type ApnsLog, type ApnsSender, type ApnsSenderOptions } from './apns-sender.js';
import { readApnsStatus, type ApnsStatus } from './apns-status.js';
import { createPushWorker, type PushWorker, type PushWorkerOptions } from './push-worker.js';

export interface ApnsPushesOptions {
  db: Db;
  settings: Pick<SettingsRepository, 'get'>;
  identity: ApnsIdentity;
  log?: ApnsLog;
  /** Tuning (tests, benchmarks); the defaults suit Apple. */
  sender?: Omit<ApnsSenderOptions, 'identity' | 'endpoint' | 'log'>;
  worker?: Omit<PushWorkerOptions, 'db' | 'sender' | 'topic' | 'log' | 'onHalt'>;
  onHalt?(problem: CredentialsProblem): void;
}

export interface ApnsPushes {
  /** Call after the transaction that called `enqueuePushes` committed; also applies changed APNs settings. */
  wake(): void;
  /** For the UI: `{ ok, code?, message?, at }`, undefined before the first push. */
  status(): ApnsStatus | undefined;
  /** After a new identity was imported or a credentials problem fixed: a new sender, the worker running again. */
  restart(identity?: ApnsIdentity): Promise<void>;
  /** Stops claiming, lets the pushes in flight finish (briefly), closes the connection. */
  stop(): Promise<void>;
}

export function startApnsPushes(options: ApnsPushesOptions): ApnsPushes {
  let identity = options.identity;
  let sender: ApnsSender;
  let worker: PushWorker;
  /** While a restart closes the old sender and worker, neither settings nor wakes may revive them. */
  let restarting = false;

  function start(): void {
    sender = createApnsSender({
      ...options.sender,
      identity,
      endpoint: () => readApnsEndpoint(options.settings),
      ...(options.log ? { log: options.log } : {}),
    });
    worker = createPushWorker({
      ...options.worker,
      db: options.db,
      sender,
      topic: identity.passTypeIdentifier,
      ...(options.log ? { log: options.log } : {}),
      ...(options.onHalt ? { onHalt: options.onHalt } : {}),
    });
    worker.start();
  }

  async function stop(): Promise<void> {
    const stopped = worker.stop();
    await sender.close();
    await stopped;
  }

  /** New APNs settings: reconnect there, and try again if pushes had stopped (the fix may be this very change). */
  function applySettings(): void {
    if (restarting) return;
    if (sender.refresh() && worker.state() === 'halted') {
      sender.resume();
      worker.start();
    }
  }

  start();
  // Settings changed from the CLI reach a server that has nothing new to push too, within 30 s.
  const refresher = setInterval(applySettings, 30_000);
  refresher.unref();
  return {
    wake() {
      if (restarting) return;
      applySettings();
      worker.wake();
    },
    status: () => readApnsStatus(options.db),
    async restart(next) {
      restarting = true;
      try {
        await stop();
      } finally {
        restarting = false;
      }
      if (next) identity = next;
      // The new worker claims whatever was queued meanwhile.
      start();
    },
    async stop() {
      clearInterval(refresher);
      await stop();
    },
  };
}
