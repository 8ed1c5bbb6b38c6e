/**
 * Pass update pushes: the sender (endpoint from the settings) and the `apns.push` job kind on a runner (the server's
 * shared one, or one of its own for tests and benchmarks). In the running server, server-pushes.ts starts it,
 * restarts it when the signing identity changes, and stops it before the database closes.
 */
import type { Db } from '../../../db/connection.js';
import { createJobsRepository } from '../../../jobs/jobs-repository.js';
import { createJobRunner, type JobRunner } from '../../../jobs/runner.js';
import type { SettingsRepository } from '../../../settings/settings-repository.js';
import { readApnsEndpoint } from './apns-endpoint.js';
import type { CredentialsProblem } from './apns-outcome.js';
import { createApnsSender, type ApnsIdentity, type ApnsLog, type ApnsSender, type ApnsSenderOptions } from './apns-sender.js';
import { readApnsStatus, type ApnsStatus } from './apns-status.js';
import { APNS_PUSH_KIND } from './push-outbox.js';
import { createApnsPushHandler, type PushHandlerOptions } from './push-worker.js';

export interface ApnsPushesOptions {
  db: Db;
  settings: Pick<SettingsRepository, 'get'>;
  identity: ApnsIdentity;
  log?: ApnsLog;
  /** The runner the `apns.push` kind joins; without one, pushes run on a runner of their own. */
  runner?: JobRunner;
  /** Tuning (tests, benchmarks); the defaults suit Apple. */
  sender?: Omit<ApnsSenderOptions, 'identity' | 'endpoint' | 'log'>;
  worker?: Omit<PushHandlerOptions, 'db' | 'sender' | 'topic' | 'log' | 'onHalt' | 'pause'> & { pollMs?: number };
  onHalt?(problem: CredentialsProblem): void;
}

export interface ApnsPushes {
  /** Call after the transaction that called `enqueuePushes` committed; also applies changed APNs settings. */
  wake(): void;
  /** For the UI: `{ ok, code?, message?, at }`, undefined before the first push. */
  status(): ApnsStatus | undefined;
  /** After a new identity was imported or a credentials problem fixed: a new sender, the kind running again. */
  restart(identity?: ApnsIdentity): Promise<void>;
  /** Stops claiming, lets the pushes in flight finish (briefly), closes the connection, leaves the runner. */
  stop(): Promise<void>;
}

export function startApnsPushes(options: ApnsPushesOptions): ApnsPushes {
  const { db } = options;
  const own = options.runner === undefined;
  const runner =
    options.runner ??
    createJobRunner({
      db,
      jobs: createJobsRepository(db),
      ...(options.log ? { log: options.log } : {}),
      ...(options.worker?.pollMs ? { pollMs: options.worker.pollMs } : {}),
    });
  let identity = options.identity;
  let sender: ApnsSender | undefined;
  let halted = false;
  /** While a restart closes the old sender, neither settings nor wakes may revive it. */
  let restarting = false;

  const handler = createApnsPushHandler({
    ...options.worker,
    db,
    sender: () => sender,
    topic: () => identity.passTypeIdentifier,
    ...(options.log ? { log: options.log } : {}),
    pause: () => {
      halted = true;
      runner.pause(APNS_PUSH_KIND);
    },
    ...(options.onHalt ? { onHalt: options.onHalt } : {}),
  });
  runner.register(handler);

  function start(): void {
    sender = createApnsSender({
      ...options.sender,
      identity,
      endpoint: () => readApnsEndpoint(options.settings),
      ...(options.log ? { log: options.log } : {}),
    });
    halted = false;
    handler.reloadStatus();
    if (own && runner.state(APNS_PUSH_KIND) === 'stopped') runner.start();
    else runner.resume(APNS_PUSH_KIND);
  }

  async function halt(): Promise<void> {
    const drained = runner.drain(APNS_PUSH_KIND);
    await sender?.close();
    await drained;
    sender = undefined;
  }

  /** New APNs settings: reconnect there, and try again if pushes had stopped (the fix may be this very change). */
  function applySettings(): void {
    if (restarting || !sender) return;
    if (sender.refresh() && halted) {
      sender.resume();
      halted = false;
      handler.reloadStatus();
      runner.resume(APNS_PUSH_KIND);
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
      runner.wake(APNS_PUSH_KIND);
    },
    status: () => readApnsStatus(db),
    async restart(next) {
      restarting = true;
      try {
        await halt();
      } finally {
        restarting = false;
      }
      if (next) identity = next;
      // The kind, running again, claims whatever was queued meanwhile.
      start();
    },
    async stop() {
      clearInterval(refresher);
      await halt();
      runner.unregister(APNS_PUSH_KIND);
      if (own) await runner.stop();
    },
  };
}
