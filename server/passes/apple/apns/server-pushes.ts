import { passServices } from '../../issuing/pass-services.js';
import type { Services } from '../../../services.js';
import { walletServices } from '../wallet-services.js';
import { startApnsPushes } from './apns-pushes.js';

const APPLE_HOST = 'api.push.apple.com';

export interface ServerPushes {
  stop(): Promise<void>;
}

/**
 * Drains the push outbox in the running server. Apple accepts only a real Pass Type ID certificate, so with the
 * development identity pushes start only when APNs points at a stand-in (a local fake); otherwise they wait in the
 * outbox until a certificate is imported and Passerelle restarts.
 */
export function startServerPushes(services: Services): ServerPushes | undefined {
  const host = services.settings.get('apns.host');
  const imported = services.db.prepare("SELECT 1 FROM signing_identities WHERE source = 'imported'").get() !== undefined;
  if (!imported && host === APPLE_HOST) {
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
  return {
    async stop() {
      waker.set(undefined);
      await pushes.stop();
    },
  };
}
