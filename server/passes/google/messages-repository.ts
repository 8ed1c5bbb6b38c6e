/**
 * Lock-screen messages for Google cards (queued with the change that asked for them, sent by the google.object job)
 * and the notifications counted against Google's limit of 3 per object per 24 hours.
 */
import type { Db } from '../../db/connection.js';

export const NOTIFY_LIMIT = 3;
export const NOTIFY_WINDOW_MS = 86_400_000;

export type FallbackReason = 'quota' | 'google-quota';

export interface PendingMessage {
  id: number;
  passId: number;
  header: string;
  body: string;
  createdAt: number;
}

export interface SentMessage extends PendingMessage {
  messageType: 'TEXT' | 'TEXT_AND_NOTIFY';
  fallbackReason: FallbackReason | null;
  sentAt: number;
}

interface Row {
  id: number;
  pass_id: number;
  header: string;
  body: string;
  created_at: number;
  message_type: 'TEXT' | 'TEXT_AND_NOTIFY' | null;
  fallback_reason: FallbackReason | null;
  sent_at: number | null;
}

export function createMessagesRepository(db: Db) {
  // The header (the design's message label in the customer's language) is written when the message is sent.
  const queue = db.prepare(`INSERT INTO google_messages (pass_id, header, body, created_at) SELECT value, '', ?, ? FROM json_each(?)`);
  const pending = db.prepare<[number], Row>(`SELECT * FROM google_messages WHERE pass_id = ? AND status = 'pending' ORDER BY id`);
  const hasPending = db.prepare<[string], { pass_id: number }>(
    `SELECT DISTINCT pass_id FROM google_messages WHERE status = 'pending' AND pass_id IN (SELECT value FROM json_each(?))`,
  );
  const sent = db.prepare<[number, number], Row>(
    `SELECT * FROM google_messages WHERE pass_id = ? AND status = 'sent' ORDER BY id DESC LIMIT ?`,
  );
  const sentCount = db.prepare<[number], { n: number }>(`SELECT COUNT(*) AS n FROM google_messages WHERE pass_id = ? AND status = 'sent'`);
  const markSent = db.prepare(
    `UPDATE google_messages SET status = 'sent', header = ?, message_type = ?, fallback_reason = ?, sent_at = ?, error = NULL
     WHERE id = ? AND status = 'pending'`,
  );
  const markFailed = db.prepare(`UPDATE google_messages SET status = 'failed', error = ? WHERE id = ? AND status = 'pending'`);
  const recent = db.prepare<[number, number], { n: number }>('SELECT COUNT(*) AS n FROM google_notifications WHERE pass_id = ? AND sent_at > ?');
  const record = db.prepare('INSERT INTO google_notifications (pass_id, kind, sent_at) VALUES (?, ?, ?)');
  const purge = db.prepare('DELETE FROM google_notifications WHERE sent_at <= ?');
  const ofCustomer = db.prepare<[number, number], Row>(
    `SELECT m.* FROM google_messages m JOIN passes p ON p.id = m.pass_id WHERE p.customer_id = ? ORDER BY m.id DESC LIMIT ?`,
  );

  const toMessage = (r: Row): PendingMessage => ({ id: r.id, passId: r.pass_id, header: r.header, body: r.body, createdAt: r.created_at });
  const toSent = (r: Row): SentMessage => ({
    ...toMessage(r),
    messageType: r.message_type ?? 'TEXT',
    fallbackReason: r.fallback_reason,
    sentAt: r.sent_at ?? 0,
  });

  return {
    /** Queues the message on each card (inside the caller's transaction). */
    queue(passIds: readonly number[], body: string, at: number): number {
      return queue.run(body.slice(0, 500), at, JSON.stringify(passIds)).changes;
    },
    pending: (passId: number): PendingMessage[] => pending.all(passId).map(toMessage),
    withPending: (passIds: readonly number[]): Set<number> => new Set(hasPending.all(JSON.stringify(passIds)).map((r) => r.pass_id)),
    /** The latest messages sent to a card, newest first. */
    latestSent: (passId: number, limit: number): SentMessage[] => sent.all(passId, limit).map(toSent),
    sentCount: (passId: number): number => sentCount.get(passId)?.n ?? 0,
    markSent(id: number, header: string, type: SentMessage['messageType'], fallback: FallbackReason | null, at: number): void {
      markSent.run(header.slice(0, 200), type, fallback, at, id);
    },
    markFailed: (id: number, error: string): void => void markFailed.run(error.slice(0, 1000), id),
    /** Whether a card may notify once more: fewer than 3 notifications in the last 24 hours. */
    canNotify: (passId: number, at: number): boolean => (recent.get(passId, at - NOTIFY_WINDOW_MS)?.n ?? 0) < NOTIFY_LIMIT,
    recordNotification: (passId: number, kind: 'message' | 'update', at: number): void => void record.run(passId, kind, at),
    purgeNotifications: (before: number): number => purge.run(before).changes,
    ofCustomer: (customerId: number, limit = 20) =>
      ofCustomer.all(customerId, limit).map((r) => ({ ...toMessage(r), messageType: r.message_type, fallbackReason: r.fallback_reason, sentAt: r.sent_at })),
  };
}

export type MessagesRepository = ReturnType<typeof createMessagesRepository>;
