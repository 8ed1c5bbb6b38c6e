/** webhook_endpoints, webhook_messages, webhook_deliveries and webhook_attempts: the only SQL on them. */
import type { Db } from '../../db/connection.js';

export interface EndpointRow {
  id: number;
  url: string;
  description: string;
  secret: string;
  previousSecret: string | null;
  previousUntil: number | null;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: number | null;
  createdAt: number;
  updatedAt: number;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryRow {
  id: number;
  messageId: number;
  endpointId: number;
  msgId: string;
  type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
  createdAt: number;
}

export interface AttemptRow {
  id: number;
  attemptedAt: number;
  status: number | null;
  response: string;
  error: string | null;
  durationMs: number;
}

interface EndpointSql {
  id: number;
  url: string;
  description: string;
  secret: string;
  previous_secret: string | null;
  previous_until: number | null;
  event_types: string;
  enabled: number;
  disabled_reason: string | null;
  failing_since: number | null;
  created_at: number;
  updated_at: number;
}

interface DeliverySql {
  id: number;
  message_id: number;
  endpoint_id: number;
  msg_id: string;
  type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: number | null;
  next_attempt_at: number | null;
  created_at: number;
}

const toEndpoint = (r: EndpointSql): EndpointRow => ({
  id: r.id,
  url: r.url,
  description: r.description,
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousUntil: r.previous_until,
  eventTypes: JSON.parse(r.event_types) as string[],
  enabled: r.enabled === 1,
  disabledReason: r.disabled_reason,
  failingSince: r.failing_since,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toDelivery = (r: DeliverySql): DeliveryRow => ({
  id: r.id,
  messageId: r.message_id,
  endpointId: r.endpoint_id,
  msgId: r.msg_id,
  type: r.type,
  body: r.body,
  status: r.status,
  attempts: r.attempts,
  lastStatus: r.last_status,
  lastError: r.last_error,
  lastAttemptAt: r.last_attempt_at,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
});

export interface AttemptRecord {
  deliveryId: number;
  at: number;
  status: number | null;
  response: string;
  error: string | null;
  durationMs: number;
}

export function createWebhooksRepository(db: Db) {
  const endpointCols = 'id, url, description, secret, previous_secret, previous_until, event_types, enabled, disabled_reason, failing_since, created_at, updated_at';
  const allEndpoints = db.prepare<[], EndpointSql>(`SELECT ${endpointCols} FROM webhook_endpoints ORDER BY id`);
  const endpointById = db.prepare<[number], EndpointSql>(`SELECT ${endpointCols} FROM webhook_endpoints WHERE id = ?`);
  const listening = db.prepare<[string], EndpointSql>(
    `SELECT ${endpointCols} FROM webhook_endpoints
     WHERE enabled = 1 AND (json_array_length(event_types) = 0 OR EXISTS (SELECT 1 FROM json_each(event_types) WHERE value = ?))`,
  );
  const anyEnabled = db.prepare<[], { one: number }>('SELECT 1 AS one FROM webhook_endpoints WHERE enabled = 1 LIMIT 1');
  const insertEndpoint = db.prepare<[string, string, string, string, number, number], { id: number }>(
    `INSERT INTO webhook_endpoints (url, description, secret, event_types, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const removeEndpoint = db.prepare<[number]>('DELETE FROM webhook_endpoints WHERE id = ?');
  const insertMessage = db.prepare<[string, string, string, number], { id: number }>(
    'INSERT INTO webhook_messages (msg_id, type, body, created_at) VALUES (?, ?, ?, ?) RETURNING id',
  );
  const insertDelivery = db.prepare<[number, number, number], { id: number }>(
    'INSERT INTO webhook_deliveries (message_id, endpoint_id, created_at) VALUES (?, ?, ?) RETURNING id',
  );
  const deliverySelect = `SELECT d.id, d.message_id, d.endpoint_id, m.msg_id, m.type, m.body, d.status, d.attempts, d.last_status, d.last_error,
      d.last_attempt_at, d.next_attempt_at, d.created_at
    FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id`;
  const deliveryById = db.prepare<[number], DeliverySql>(`${deliverySelect} WHERE d.id = ?`);
  const deliveriesOf = db.prepare<[number, number, number], DeliverySql>(`${deliverySelect} WHERE d.endpoint_id = ? AND d.id < ? ORDER BY d.id DESC LIMIT ?`);
  const failedOf = db.prepare<[number], { id: number }>(`SELECT id FROM webhook_deliveries WHERE endpoint_id = ? AND status = 'failed' ORDER BY id`);
  const counts = db.prepare<[number], { status: DeliveryStatus; n: number }>(
    'SELECT status, COUNT(*) AS n FROM webhook_deliveries WHERE endpoint_id = ? GROUP BY status',
  );
  const attempted = db.prepare<[number | null, string | null, number, number | null, number]>(
    `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?, last_attempt_at = ?, next_attempt_at = ?
     WHERE id = ?`,
  );
  const setStatus = db.prepare<[DeliveryStatus, number]>('UPDATE webhook_deliveries SET status = ? WHERE id = ?');
  const rearm = db.prepare<[number, number]>("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ?");
  const insertAttempt = db.prepare<[number, number, number | null, string, string | null, number]>(
    'INSERT INTO webhook_attempts (delivery_id, attempted_at, status, response, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const attemptsOf = db.prepare<[number], { id: number; attempted_at: number; status: number | null; response: string; error: string | null; duration_ms: number }>(
    'SELECT id, attempted_at, status, response, error, duration_ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY id',
  );
  const failing = db.prepare<[number, number]>('UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, ?) WHERE id = ?');
  const healthy = db.prepare<[number]>('UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL');
  const disable = db.prepare<[string, number, number]>(
    'UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ? AND enabled = 1',
  );
  const purgeMessages = db.prepare<[number]>(
    `DELETE FROM webhook_messages WHERE created_at < ?
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.message_id = webhook_messages.id AND d.status = 'pending')`,
  );

  return {
    endpoints: (): EndpointRow[] => allEndpoints.all().map(toEndpoint),
    endpoint(id: number): EndpointRow | undefined {
      const r = endpointById.get(id);
      return r ? toEndpoint(r) : undefined;
    },
    /** Enabled endpoints that take this event type (an empty list takes every type). */
    listeningTo: (type: string): EndpointRow[] => listening.all(type).map(toEndpoint),
    anyEnabled: (): boolean => anyEnabled.get() !== undefined,
    insertEndpoint: (e: { url: string; description: string; secret: string; eventTypes: readonly string[]; at: number }): number =>
      insertEndpoint.get(e.url, e.description, e.secret, JSON.stringify(e.eventTypes), e.at, e.at)!.id,
    updateEndpoint(id: number, patch: Partial<Pick<EndpointRow, 'url' | 'description' | 'eventTypes' | 'enabled' | 'secret' | 'previousSecret' | 'previousUntil'>>, at: number): void {
      const sets: string[] = [];
      const values: unknown[] = [];
      const set = (col: string, v: unknown) => {
        sets.push(`${col} = ?`);
        values.push(v);
      };
      if (patch.url !== undefined) set('url', patch.url);
      if (patch.description !== undefined) set('description', patch.description);
      if (patch.eventTypes !== undefined) set('event_types', JSON.stringify(patch.eventTypes));
      if (patch.secret !== undefined) set('secret', patch.secret);
      if (patch.previousSecret !== undefined) set('previous_secret', patch.previousSecret);
      if (patch.previousUntil !== undefined) set('previous_until', patch.previousUntil);
      if (patch.enabled !== undefined) {
        set('enabled', patch.enabled ? 1 : 0);
        // Enabled again by a person: the failures that disabled it are forgiven.
        if (patch.enabled) {
          set('disabled_reason', null);
          set('failing_since', null);
        }
      }
      set('updated_at', at);
      db.prepare(`UPDATE webhook_endpoints SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    },
    removeEndpoint: (id: number): boolean => removeEndpoint.run(id).changes > 0,
    insertMessage: (msgId: string, type: string, body: string, at: number): number => insertMessage.get(msgId, type, body, at)!.id,
    insertDelivery: (messageId: number, endpointId: number, at: number): number => insertDelivery.get(messageId, endpointId, at)!.id,
    delivery(id: number): DeliveryRow | undefined {
      const r = deliveryById.get(id);
      return r ? toDelivery(r) : undefined;
    },
    /** Newest first, before `beforeId`. */
    deliveriesOf: (endpointId: number, beforeId: number, limit: number): DeliveryRow[] => deliveriesOf.all(endpointId, beforeId, limit).map(toDelivery),
    failedDeliveries: (endpointId: number): number[] => failedOf.all(endpointId).map((r) => r.id),
    counts(endpointId: number): Record<DeliveryStatus, number> {
      const out: Record<DeliveryStatus, number> = { pending: 0, succeeded: 0, failed: 0 };
      for (const r of counts.all(endpointId)) out[r.status] = r.n;
      return out;
    },
    recordAttempt(a: AttemptRecord, nextAttemptAt: number | null): void {
      attempted.run(a.status, a.error, a.at, nextAttemptAt, a.deliveryId);
      insertAttempt.run(a.deliveryId, a.at, a.status, a.response.slice(0, 1000), a.error, a.durationMs);
    },
    setStatus: (deliveryId: number, status: DeliveryStatus): void => void setStatus.run(status, deliveryId),
    rearm: (deliveryId: number, at: number): void => void rearm.run(at, deliveryId),
    attempts: (deliveryId: number): AttemptRow[] =>
      attemptsOf.all(deliveryId).map((r) => ({ id: r.id, attemptedAt: r.attempted_at, status: r.status, response: r.response, error: r.error, durationMs: r.duration_ms })),
    markFailing: (endpointId: number, at: number): void => void failing.run(at, endpointId),
    markHealthy: (endpointId: number): void => void healthy.run(endpointId),
    disable: (endpointId: number, reason: string, at: number): boolean => disable.run(reason, at, endpointId).changes > 0,
    /** Messages older than `before` whose deliveries are all settled go, with their deliveries and attempts. */
    purge: (before: number): number => purgeMessages.run(before).changes,
  };
}

export type WebhooksRepository = ReturnType<typeof createWebhooksRepository>;
