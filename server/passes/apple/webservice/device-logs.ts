/**
 * What phones post to /v1/log (reference/apple-wallet.md §1.2 (5)): human-readable lines about our web service, such
 * as "the pass was unchanged" or a certificate problem. The endpoint takes no authentication, so everything is
 * bounded: lines are cut, control characters dropped, and only the latest MAX_KEPT lines are kept. A line naming one
 * of our serial numbers is tied to that pass, so the customer's page can show it.
 */
import type { Db } from '../../../db/connection.js';

export const MAX_LOG_LENGTH = 1_000;
export const MAX_KEPT = 5_000;
const SERIAL_IN_TEXT = /[A-Za-z0-9_-]{16,64}/g;
const MAX_SERIAL_LOOKUPS = 4;

export interface DeviceLogEntry {
  id: number;
  message: string;
  receivedAt: number;
  customerId: number | null;
  customerName: string | null;
}

interface Row {
  id: number;
  message: string;
  received_at: number;
  customer_id: number | null;
  first_name: string | null;
  last_name: string | null;
}

/** Control characters (newlines included) become spaces; the result is trimmed and cut. */
export function cleanLogLine(line: string): string {
  const flat = line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return flat.length > MAX_LOG_LENGTH ? `${flat.slice(0, MAX_LOG_LENGTH - 1)}…` : flat;
}

export function createDeviceLogs(db: Db, now: () => number = Date.now) {
  const insert = db.prepare('INSERT INTO webservice_logs (message, pass_id, received_at) VALUES (?, ?, ?)');
  const prune = db.prepare('DELETE FROM webservice_logs WHERE id <= (SELECT MAX(id) FROM webservice_logs) - ?');
  const passBySerial = db.prepare<[string], { id: number }>('SELECT id FROM passes WHERE serial = ?');
  const select = `SELECT l.id, l.message, l.received_at, c.id AS customer_id, c.first_name, c.last_name
     FROM webservice_logs l LEFT JOIN passes p ON p.id = l.pass_id LEFT JOIN customers c ON c.id = p.customer_id`;
  const page = db.prepare<[number, number], Row>(`${select} ORDER BY l.id DESC LIMIT ? OFFSET ?`);
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM webservice_logs');
  const ofCustomer = db.prepare<[number, number], Row>(
    `${select} WHERE l.pass_id IN (SELECT id FROM passes WHERE customer_id = ?) ORDER BY l.id DESC LIMIT ?`,
  );

  const passNamedIn = (message: string): number | null => {
    const candidates = message.match(SERIAL_IN_TEXT) ?? [];
    for (const candidate of candidates.slice(0, MAX_SERIAL_LOOKUPS)) {
      const found = passBySerial.get(candidate);
      if (found) return found.id;
    }
    return null;
  };

  const toEntry = (r: Row): DeviceLogEntry => ({
    id: r.id,
    message: r.message,
    receivedAt: r.received_at,
    customerId: r.customer_id,
    customerName: r.customer_id === null ? null : `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim(),
  });

  return {
    /** Keeps the non-empty lines; returns how many were kept. */
    add: db.transaction((lines: readonly string[]): number => {
      const at = now();
      let kept = 0;
      for (const line of lines) {
        const message = cleanLogLine(line);
        if (message === '') continue;
        insert.run(message, passNamedIn(message), at);
        kept++;
      }
      if (kept > 0) prune.run(MAX_KEPT);
      return kept;
    }),
    list(limit: number, offset: number): { total: number; items: DeviceLogEntry[] } {
      return { total: count.get()?.n ?? 0, items: page.all(limit, offset).map(toEntry) };
    },
    forCustomer: (customerId: number, limit = 20): DeviceLogEntry[] => ofCustomer.all(customerId, limit).map(toEntry),
  };
}

export type DeviceLogs = ReturnType<typeof createDeviceLogs>;
