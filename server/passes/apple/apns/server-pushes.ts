import type { WalletEvents } from '../../cards/wallet-events.js';
import type { JobRunner } from '../../../jobs/runner.js';
import type { Services } from '../../../services.js';
import type { IdentityStore } from '../identity/identity-store.js';
import { clearApnsProblem } from './apns-status.js';
import { startApnsPushes, type ApnsPushes } from './apns-pushes.js';
import type { ApnsIdentity } from './apns-sender.js';

const APPLE_HOST = 'api.push.apple.com';
/** How soon a change made by another process (the CLI: `settings apple`, `settings apns`) reaches the running server. */
export const SERVER_PUSHES_SYNC_MS = 30_000;

export interface ServerPushes {
  /** Starts following the identity (the first sync runs before this returns). Once; later calls do nothing. */
  start(options?: ServerPushesOptions): void;
  /** Where pushes stand in this process, for Settings. */
  state(): PushesState;
  /** New pushes were queued (after the commit): they leave at once when pushes run. */
  wake(): void;
  /**
   * Brings pushes in line with what is stored now: waits (development identity and Apple's host), starts, restarts
   * with the active identity when its certificate changed, or stops. One at a time: a call made while another runs is
   * served by the next run. Never rejects; a failure is logged and the next sync tries again.
   */
  sync(): Promise<void>;
  /** Stops syncing and stops the pushes; call before the database closes. */
  stop(): Promise<void>;
}

export interface ServerPushesOptions {
  /** How often to look for changes made by another process; SERVER_PUSHES_SYNC_MS by default. */
  syncIntervalMs?: number;
}

/**
 * Where pushes stand in this process, for Settings: sending (`running`), waiting for a Pass Type ID certificate
 * (`waiting-certificate`), or able to start but not (yet) running with the active certificate (`restart-needed`). In
 * the running server the last is brief: a certificate or APNs setting changed by another process until the next sync
 * (at most SERVER_PUSHES_SYNC_MS), an in-process import until its restart is done; it lasts only if starting failed
 * (logged; an expired certificate, for one), or in a process that is not the running server (the CLI).
 */
export type PushesState = 'running' | 'waiting-certificate' | 'restart-needed';

export interface ServerPushesDeps {
  services: Pick<Services, 'db' | 'log' | 'settings'>;
  identity: IdentityStore;
  /** The server's shared job runner: the `apns.push` kind joins it while pushes run. */
  runner: JobRunner;
  /** The cards' wallet-events writer (uninstalls of dead tokens are written and announced through it). */
  events?: Pick<WalletEvents, 'record'>;
}

/**
 * Drains the push outbox in the running server, with the active signing identity's certificate. With the development
 * identity pushes run only when APNs points at a stand-in (a local fake); otherwise they wait in the outbox until a
 * certificate is imported. The first sync runs before this returns; later ones follow the identity store's changes
 * (an import in Settings: at once) and a timer (the CLI, another process: within SERVER_PUSHES_SYNC_MS).
 */
export function createServerPushes(deps: ServerPushesDeps): ServerPushes {
  const { services, identity, runner } = deps;
  const log = services.log.child({ feature: 'apns' });
  let pushes: ApnsPushes | undefined;
  /** The certificate fingerprint the running pushes authenticate with. */
  let started: string | undefined;
  /** Set while pushes run and are not restarting: card changes wake them through it. */
  let waker: (() => void) | undefined;
  let waiting = false;
  let stopped = false;
  /** The last failure logged, so that one that repeats at every sync is logged once. */
  let lastError: string | undefined;

  /** Apple accepts only a real Pass Type ID certificate: with the development identity, Apple's host would refuse. */
  const importedRow = services.db.prepare("SELECT 1 FROM signing_identities WHERE source = 'imported'");
  const activeRow = services.db.prepare<[], { fingerprint: string }>(
    `SELECT fingerprint FROM signing_identities ORDER BY source = 'imported' DESC LIMIT 1`,
  );
  const waitsForCertificate = () => importedRow.get() === undefined && services.settings.get('apns.host') === APPLE_HOST;

  function forget(): void {
    pushes = undefined;
    started = undefined;
    waker = undefined;
  }

  async function halt(): Promise<void> {
    const running = pushes;
    forget();
    await running?.stop();
  }

  async function apply(): Promise<void> {
    if (stopped) return;
    if (waitsForCertificate()) {
      if (!waiting) services.log.info('APNs pushes wait for an imported Pass Type ID certificate (development identity in use)');
      waiting = true;
      if (pushes) {
        await halt();
        log.info('APNs pushes stopped: the development identity cannot push to Apple');
      }
      return;
    }
    waiting = false;
    const current = identity.current();
    if (pushes && started === current.fingerprint) return;
    const apnsIdentity: ApnsIdentity = {
      certPem: current.pems.certificatePem,
      keyPem: current.pems.privateKeyPem,
      passTypeIdentifier: current.identity.passTypeIdentifier,
    };
    const details = { source: current.source, passTypeIdentifier: apnsIdentity.passTypeIdentifier };
    if (pushes) {
      // Not running while it restarts: Settings must not say so of a certificate the sender does not hold yet, and
      // card changes must not wake the worker being stopped (the new one looks at the outbox as it starts).
      const running = pushes;
      started = undefined;
      waker = undefined;
      // A problem recorded with the previous certificate says nothing about this one: Settings shows it again only
      // if the new certificate meets it too (the new worker reads the status as it starts).
      if (clearApnsProblem(services.db)) log.info('APNs problem of the previous certificate cleared');
      try {
        await running.restart(apnsIdentity);
        waker = () => running.wake();
      } catch (err) {
        // Its old sender may be stopped and the new one not made: drop it; the next sync starts afresh.
        await halt().catch(() => {});
        throw err;
      }
      log.info(details, 'APNs pushes restarted with the new signing identity');
    } else {
      // No await between here and started.set: the first sync is done when startServerPushes returns.
      const running = startApnsPushes({
        db: services.db,
        settings: services.settings,
        identity: apnsIdentity,
        log,
        runner,
        ...(deps.events ? { worker: { events: deps.events } } : {}),
      });
      pushes = running;
      waker = () => running.wake();
      log.info(details, 'APNs pushes started');
    }
    started = current.fingerprint;
  }

  async function attempt(): Promise<void> {
    try {
      await apply();
      lastError = undefined;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== lastError) log.error({ err }, 'APNs pushes could not follow the signing identity; trying again later');
      lastError = message;
    }
  }

  // The chain of syncs: `tail` is the last one queued, `queued` the one not started yet (calls share it).
  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  function sync(): Promise<void> {
    if (!queued) {
      const next = tail.then(() => {
        queued = undefined;
        return attempt();
      });
      queued = next;
      tail = next;
    }
    return queued;
  }

  let stopping: Promise<void> | undefined;
  return {
    start(options = {}) {
      if (unsubscribe || stopped) return;
      tail = attempt();
      unsubscribe = identity.onChange(() => void sync());
      timer = setInterval(() => void sync(), options.syncIntervalMs ?? SERVER_PUSHES_SYNC_MS);
      timer.unref();
    },
    state() {
      if (started !== undefined && started === activeRow.get()?.fingerprint) return 'running';
      return waitsForCertificate() ? 'waiting-certificate' : 'restart-needed';
    },
    wake: () => waker?.(),
    sync,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        if (timer) clearInterval(timer);
        unsubscribe?.();
        await tail;
        await halt().catch((err: unknown) => log.error({ err }, 'APNs pushes did not stop cleanly'));
      })();
      return stopping;
    },
  };
}
