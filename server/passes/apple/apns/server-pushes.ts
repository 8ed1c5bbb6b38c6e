import { passServices } from '../../issuing/pass-services.js';
import type { Services } from '../../../services.js';
import { walletServices } from '../wallet-services.js';
import { startApnsPushes } from './apns-pushes.js';

const APPLE_HOST = 'api.push.apple.com';

export interface ServerPushes {
  stop(): Promise<void>;
}

/**
 * Where pushes stand in this process, for Settings: sending (`running`), waiting for a Pass Type ID certificate
 * (`waiting-certificate`), or able to start but not started (`restart-needed`: a certificate was imported, or APNs
 * pointed elsewhere, after the server started; or this process is not the running server).
 */
export type PushesState = 'running' | 'waiting-certificate' | 'restart-needed';

/** The certificate fingerprint each running server's pushes authenticate with. */
const started = new WeakMap<Services, string>();

/** Apple accepts only a real Pass Type ID certificate: with the development identity, Apple's host would refuse. */
function waitsForCertificate(services: Services): boolean {
  const imported = services.db.prepare("SELECT 1 FROM signing_identities WHERE source = 'imported'").get() !== undefined;
  return !imported && services.settings.get('apns.host') === APPLE_HOST;
}

export function serverPushesState(services: Services): PushesState {
  const active = services.db
    .prepare<[], { fingerprint: string }>(`SELECT fingerprint FROM signing_identities ORDER BY source = 'imported' DESC LIMIT 1`)
    .get();
  const running = started.get(services);
  if (running !== undefined && running === active?.fingerprint) return 'running';
  return waitsForCertificate(services) ? 'waiting-certificate' : 'restart-needed';
}

/**
 * Drains the push outbox in the running server. With the development identity pushes start only when APNs points at
 * a stand-in (a local fake); otherwise they wait in the outbox until a certificate is imported and Passerelle
 * restarts.
 */
export function startServerPushes(services: Services): ServerPushes | undefined {
  if (waitsForCertificate(services)) {
    services.log.info('APNs pushes wait for an imported Pass Type ID certificate (development identity in use)');
    return undefined;
  }
  const current = passServices(services).identity.current();
  const pushes = startApnsPushes({
    db: services.db,
    settings: services.settings,
    identity: {
      certPem: current.pems.certificatePem,
      keyPem: current.pems.privateKeyPem,
      passTypeIdentifier: current.identity.passTypeIdentifier,
    },
    log: services.log.child({ feature: 'apns' }),
  });
  const waker = walletServices(services).pushes;
  waker.set(() => pushes.wake());
  started.set(services, current.fingerprint);
  return {
    async stop() {
      started.delete(services);
      waker.set(undefined);
      await pushes.stop();
    },
  };
}
