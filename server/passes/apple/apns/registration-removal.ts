/**
 * What APNs' "this token is dead for this topic" (410 Unregistered, 400 BadDeviceToken or DeviceTokenNotForTopic)
 * means for our tables: every registration of a device with that push token, for passes of that pass type, goes; a
 * pass that loses its last registration is no longer on any phone, which is recorded as an `uninstalled` wallet event
 * (as the web service records one when the last device unregisters). A device left holding no pass goes too, as it
 * does when a phone unregisters its last pass (registrations.ts): its token is dead, so nothing could reach it, and a
 * phone that adds a pass again registers afresh with its new token. A device that still holds passes of another pass
 * type keeps its row: APNs said the token is dead for this topic only.
 */
import type { Db } from '../../../db/connection.js';
import type { WalletEvents } from '../../cards/wallet-events.js';

export interface RemovalResult {
  registrations: number;
  uninstalled: number;
  /** Device rows deleted because they no longer held any pass. */
  devices: number;
}

const cache = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    find: db.prepare<[string, string], { deviceId: number; passId: number; customerId: number }>(
      `SELECT r.device_id AS deviceId, r.pass_id AS passId, p.customer_id AS customerId
       FROM devices d
       JOIN registrations r ON r.device_id = d.id
       JOIN passes p ON p.id = r.pass_id
       WHERE d.push_token = ? AND p.pass_type_identifier = ?`,
    ),
    remove: db.prepare<[number, number]>('DELETE FROM registrations WHERE device_id = ? AND pass_id = ?'),
    stillRegistered: db.prepare<[number], { one: number }>('SELECT 1 AS one FROM registrations WHERE pass_id = ? LIMIT 1'),
    // Only registrations refer to devices (001_core.sql): a device with none left can go without touching anything else.
    removeIdle: db.prepare<[string]>(
      'DELETE FROM devices WHERE push_token = ? AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.device_id = devices.id)',
    ),
    event: db.prepare<[number, number, string, number]>(
      `INSERT INTO wallet_events (pass_id, customer_id, platform, kind, detail, occurred_at)
       VALUES (?, ?, 'apple', 'uninstalled', ?, ?)`,
    ),
  };
}

/**
 * `status` and `reason` are APNs' answer; the event's detail is `{ reason: 'apns-410', apnsReason: 'Unregistered' }`.
 * `events` is the cards' writer, which announces each uninstall (the server passes it; tools may leave it out).
 */
export function removeTokenRegistrations(
  db: Db,
  token: string,
  topic: string,
  status: number,
  reason: string,
  now: number,
  events?: Pick<WalletEvents, 'record'>,
): RemovalResult {
  let s = cache.get(db);
  if (!s) {
    s = prepare(db);
    cache.set(db, s);
  }
  const st = s;
  const detail = JSON.stringify({ reason: `apns-${status}`, apnsReason: reason });
  return db.transaction(() => {
    const rows = st.find.all(token, topic);
    let uninstalled = 0;
    for (const r of rows) st.remove.run(r.deviceId, r.passId);
    for (const r of new Map(rows.map((row) => [row.passId, row])).values()) {
      if (st.stillRegistered.get(r.passId)) continue;
      if (events) events.record(r.passId, 'uninstalled', { reason: `apns-${status}`, apnsReason: reason }, now);
      else st.event.run(r.passId, r.customerId, detail, now);
      uninstalled++;
    }
    const devices = st.removeIdle.run(token).changes;
    return { registrations: rows.length, uninstalled, devices };
  })();
}
