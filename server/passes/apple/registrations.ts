/**
 * Devices and the passes they registered for updates (reference/apple-wallet.md §1.3: "look up information in both
 * directions"). Registering the first device of a pass records "installed"; the phone unregistering its last device
 * records "uninstalled" (as apns/registration-removal.ts does when APNs declares a token dead). Each change is one
 * transaction.
 */
import type { Db } from '../../db/connection.js';
import { createWalletEvents, type WalletEvents } from '../cards/wallet-events.js';

export type RegisterResult = 'created' | 'existing' | 'full';

/**
 * Devices one pass may be registered on. Anyone holding the pass file holds its token, so without a bound one
 * customer could register thousands of made-up devices and have every update pushed to them. A person's iPhone,
 * Watch and iPads are far below this.
 *
 * Past the bound a new device is refused and no registration is ever evicted. Evicting (the oldest, as this once
 * did) let a stranger holding a copy of the pass push its owner's phone off the update list with 30 made-up
 * devices; evicting the newest or the "unconfirmed" ones still lets the stranger evict the owner's next device.
 * Refusing costs the owner at most a new device's registration while the list is full, and a made-up device does not
 * stay long: its push token is not a real one, so APNs answers the next update's push with 400 BadDeviceToken and
 * apns/registration-removal.ts deletes it. A device already on the list re-registers (new push token) as always.
 */
export const MAX_DEVICES_PER_PASS = 30;

export interface UpdatedSerials {
  serials: string[];
  /** The latest tag among them. */
  lastTag: number;
}

/** `events`: the cards' one writer of wallet events, through which installs and uninstalls are announced. */
export function createRegistrations(db: Db, now: () => number = Date.now, events: Pick<WalletEvents, 'record'> = createWalletEvents(db)) {
  const upsertDevice = db.prepare<[string, string, number, number], { id: number }>(
    `INSERT INTO devices (device_library_id, push_token, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (device_library_id) DO UPDATE SET push_token = excluded.push_token, updated_at = excluded.updated_at
       WHERE devices.push_token <> excluded.push_token
     RETURNING id`,
  );
  const deviceId = db.prepare<[string], { id: number }>('SELECT id FROM devices WHERE device_library_id = ?');
  const insertRegistration = db.prepare('INSERT INTO registrations (device_id, pass_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const deleteRegistration = db.prepare('DELETE FROM registrations WHERE device_id = ? AND pass_id = ?');
  const isRegistered = db.prepare<[number, number], { one: number }>('SELECT 1 AS one FROM registrations WHERE device_id = ? AND pass_id = ?');
  const devicesOfPass = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM registrations WHERE pass_id = ?');
  const registrationsOfDevice = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM registrations WHERE device_id = ?');
  const deleteDevice = db.prepare('DELETE FROM devices WHERE id = ?');
  const updated = db.prepare<[string, string, number], { serial: string; update_tag: number }>(
    `SELECT p.serial, p.update_tag FROM devices d
     JOIN registrations r ON r.device_id = d.id
     JOIN passes p ON p.id = r.pass_id
     WHERE d.device_library_id = ? AND p.pass_type_identifier = ? AND p.update_tag > ?
     ORDER BY p.serial`,
  );
  const customerDevices = db.prepare<[number], { n: number }>(
    `SELECT COUNT(DISTINCT r.device_id) AS n FROM passes p JOIN registrations r ON r.pass_id = p.id WHERE p.customer_id = ?`,
  );

  /** Drops one registration; records "uninstalled" when it was the pass's last device. In a transaction. */
  function drop(device: number, passId: number, reason: string, at: number): boolean {
    if (deleteRegistration.run(device, passId).changes === 0) return false;
    if ((devicesOfPass.get(passId)?.n ?? 0) === 0) events.record(passId, 'uninstalled', { reason, devices: 0 }, at);
    return true;
  }

  return {
    /**
     * Registers `passId` on the device (creating it, or updating its push token): "created" the first time,
     * "existing" when it was registered already, "full" (nothing written) when the pass is on as many devices as
     * it may be (MAX_DEVICES_PER_PASS).
     */
    register: db.transaction((deviceLibraryId: string, pushToken: string, passId: number): RegisterResult => {
      const at = now();
      const known = deviceId.get(deviceLibraryId)?.id;
      const registered = known !== undefined && isRegistered.get(known, passId) !== undefined;
      if (!registered && (devicesOfPass.get(passId)?.n ?? 0) >= MAX_DEVICES_PER_PASS) return 'full';
      const device = upsertDevice.get(deviceLibraryId, pushToken, at, at)?.id ?? known ?? deviceId.get(deviceLibraryId)!.id;
      if (registered || insertRegistration.run(device, passId, at).changes === 0) return 'existing';
      const devices = devicesOfPass.get(passId)?.n ?? 1;
      if (devices === 1) events.record(passId, 'installed', { devices }, at);
      return 'created';
    }),

    /** Removes the registration (a no-op when there is none); the device goes when it holds nothing else. */
    unregister: db.transaction((deviceLibraryId: string, passId: number): boolean => {
      const device = deviceId.get(deviceLibraryId)?.id;
      if (device === undefined) return false;
      const removed = drop(device, passId, 'unregistered', now());
      if ((registrationsOfDevice.get(device)?.n ?? 0) === 0) deleteDevice.run(device);
      return removed;
    }),

    /** Serials of this pass type registered on the device whose tag is later than `since` (all when undefined). */
    updatedSince(deviceLibraryId: string, passTypeIdentifier: string, since: number | undefined): UpdatedSerials {
      const rows = updated.all(deviceLibraryId, passTypeIdentifier, since ?? -1);
      let lastTag = 0;
      for (const r of rows) if (r.update_tag > lastTag) lastTag = r.update_tag;
      return { serials: rows.map((r) => r.serial), lastTag };
    },

    devicesOfPass: (passId: number): number => devicesOfPass.get(passId)?.n ?? 0,
    devicesOfCustomer: (customerId: number): number => customerDevices.get(customerId)?.n ?? 0,
  };
}

export type Registrations = ReturnType<typeof createRegistrations>;
