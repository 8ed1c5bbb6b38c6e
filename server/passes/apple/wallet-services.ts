/**
 * The Wallet feature's parts, one set per app (per Services) like passServices: the web service, the admin routes,
 * the design hook and the CLI share the same registrations, update flow and bytes provider.
 */
import type { Services } from '../../services.js';
import { passServices } from '../issuing/pass-services.js';
import { createPushWaker, outboxPushes, type PushWaker } from './push-queue.js';
import { createRegistrations, type Registrations } from './registrations.js';
import { createPassUpdates, type PassUpdates } from './updates.js';
import { createWalletEvents, type WalletEvents } from './wallet-events.js';
import { createDeviceLogs, type DeviceLogs } from './webservice/device-logs.js';
import { createPassBytes, type PassBytes } from './webservice/pass-bytes.js';

export interface WalletServices {
  registrations: Registrations;
  events: WalletEvents;
  logs: DeviceLogs;
  updates: PassUpdates;
  bytes: PassBytes;
  /** Whoever starts the APNs push worker sets its wake() here: queued pushes then leave at once. */
  pushes: PushWaker;
}

const registry = new WeakMap<Services, WalletServices>();

export function walletServices(services: Services): WalletServices {
  let found = registry.get(services);
  if (!found) {
    const { db, now } = services;
    const pushes = createPushWaker();
    const { issuer, identity } = passServices(services);
    const bytes = createPassBytes({
      db,
      issuer,
      identity,
      now,
      queue: { onPoolError: (err) => services.log.error({ err }, 'pass signing worker failed; signing on the main thread') },
    });
    // Changed passes that phones hold are built ahead, while their pushes go out (see webservice/pass-bytes.ts).
    const warm = (passIds: readonly number[]) =>
      void bytes.warm(passIds).catch((err: unknown) => services.log.warn({ err }, 'building changed passes ahead failed'));
    found = {
      pushes,
      registrations: createRegistrations(db, now),
      events: createWalletEvents(db),
      logs: createDeviceLogs(db, now),
      updates: createPassUpdates({ db, now, enqueuePushes: outboxPushes(now), pushes, onChanged: warm }),
      bytes,
    };
    registry.set(services, found);
  }
  return found;
}
