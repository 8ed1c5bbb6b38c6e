/**
 * The automations' SQL: their settings, the record of each (customer, automation, occurrence), the evaluation cursors,
 * the owner's calendar, the cart texts shown near stores, and the lookups each moment makes. It reads customers,
 * wallet events, tier changes and the points ledger (all by index), and writes only automation_* tables. Abandoned
 * carts come through the integrations feature's customer events (context.ts, CartEvents).
 */
import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import type { GuardParams } from '../messaging/guard-sql.js';
import type { HoldReason, MessageCategory } from '../messaging/schemas.js';

/** What a message is written with: the card's facts, the customer's language and their wallet state. */
export interface FactsRow {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  points_balance: number;
  lifetime_points: number;
  tier: string;
  referral_code: string;
  created_at: number;
  locale: string;
  birthday: string | null;
  store_name: string | null;
  tier_name_fr: string | null;
  tier_name_en: string | null;
  preferences_token: string | null;
  cards: number;
}

export interface StoredSettings {
  enabled: boolean;
  messages: Array<{ fr: string; en: string }>;
  params: Record<string, number>;
}

export interface StoredCalendarEntry {
  id: number;
  name: string;
  date: string;
  time: string;
  yearly: boolean;
  category: MessageCategory;
  messageFr: string;
  messageEn: string;
  minTier: string | null;
}

export interface StoreText {
  customerId: number;
  eventId: number | null;
  textFr: string;
  textEn: string;
  item: string;
  startsAt: number;
  until: number;
}

export type OccurrenceOutcome = 'sent' | 'held' | 'skipped';

const FACTS = `SELECT c.id, c.first_name, c.last_name, c.email, c.points_balance, c.lifetime_points, c.tier, c.referral_code,
  c.created_at, c.locale, c.birthday, s.name AS store_name, t.name_fr AS tier_name_fr, t.name_en AS tier_name_en,
  c.preferences_token, c.wallet_apple + c.wallet_google AS cards
  FROM customers c LEFT JOIN stores s ON s.id = c.preferred_store_id LEFT JOIN loyalty_tiers t ON t.id = c.tier`;

const IN_WALLET = 'c.wallet_apple + c.wallet_google > 0';
const NOT_DONE = (occurrence: string) =>
  `NOT EXISTS (SELECT 1 FROM automation_occurrences o WHERE o.customer_id = c.id AND o.automation = @automation AND o.occurrence = ${occurrence})`;

interface CalendarRow {
  id: number;
  name: string;
  date: string;
  time: string;
  yearly: number;
  category: MessageCategory;
  message_fr: string;
  message_en: string;
  min_tier: string | null;
}

const toEntry = (r: CalendarRow): StoredCalendarEntry => ({
  id: r.id,
  name: r.name,
  date: r.date,
  time: r.time,
  yearly: r.yearly === 1,
  category: r.category,
  messageFr: r.message_fr,
  messageEn: r.message_en,
  minTier: r.min_tier,
});

export function createAutomationsRepository(db: Db) {
  const settingsOf = db.prepare<[string], { enabled: number; messages: string; params: string }>(
    'SELECT enabled, messages, params FROM automation_settings WHERE key = ?',
  );
  const saveSettings = db.prepare<[string, number, string, string, number]>(
    `INSERT INTO automation_settings (key, enabled, messages, params, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET enabled = excluded.enabled, messages = excluded.messages, params = excluded.params, updated_at = excluded.updated_at`,
  );

  const activate = db.prepare<[number, number]>('INSERT INTO automation_activations (customer_id, installed_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const newInstalls = db.prepare<{ since: number; now: number; limit: number }, { id: number; at: number }>(
    `SELECT e.customer_id AS id, MIN(e.occurred_at) AS at FROM wallet_events e
     WHERE e.kind = 'installed' AND e.occurred_at > @since AND e.occurred_at <= @now AND e.customer_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM automation_activations a WHERE a.customer_id = e.customer_id)
     GROUP BY e.customer_id ORDER BY at LIMIT @limit`,
  );

  const claim = db.prepare<[number, string, string, OccurrenceOutcome, string | null, number]>(
    `INSERT INTO automation_occurrences (customer_id, automation, occurrence, outcome, reason, at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const settle = db.prepare<[OccurrenceOutcome, string | null, number | null, number, string, string]>(
    `UPDATE automation_occurrences SET outcome = ?, reason = ?, send_id = ? WHERE customer_id = ? AND automation = ? AND occurrence = ?`,
  );
  const occurrenceOf = db.prepare<[number, string, string], { outcome: OccurrenceOutcome; reason: string | null; send_id: number | null; at: number }>(
    'SELECT outcome, reason, send_id, at FROM automation_occurrences WHERE customer_id = ? AND automation = ? AND occurrence = ?',
  );
  const lastSentOf = db.prepare<[number, string, string, number], { at: number }>(
    `SELECT MAX(at) AS at FROM automation_occurrences WHERE customer_id = ? AND automation IN (?, ?) AND outcome = 'sent' AND at > ?`,
  );
  const stats = db.prepare<[number], { automation: string; outcome: OccurrenceOutcome; n: number; last: number }>(
    `SELECT automation, outcome, COUNT(*) AS n, MAX(at) AS last FROM automation_occurrences WHERE at > ? GROUP BY automation, outcome`,
  );
  const entrySent = db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM automation_occurrences WHERE automation IN ('seasonal', 'early_access') AND occurrence = ? AND outcome = 'sent'`,
  );

  const cursorOf = db.prepare<[string], { evaluated_until: number; position: number }>('SELECT evaluated_until, position FROM automation_cursors WHERE name = ?');
  const setCursor = db.prepare<[string, number, number]>(
    `INSERT INTO automation_cursors (name, evaluated_until, position) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET evaluated_until = excluded.evaluated_until, position = excluded.position`,
  );

  const facts = db.prepare<[number], FactsRow>(`${FACTS} WHERE c.id = ?`);

  const calendarAll = db.prepare<[], CalendarRow>('SELECT * FROM automation_calendar ORDER BY substr(date, 6), date, id');
  const calendarOne = db.prepare<[number], CalendarRow>('SELECT * FROM automation_calendar WHERE id = ?');
  const calendarInsert = db.prepare<Record<string, unknown>>(
    `INSERT INTO automation_calendar (name, date, time, yearly, category, message_fr, message_en, min_tier, created_at, updated_at)
     VALUES (@name, @date, @time, @yearly, @category, @messageFr, @messageEn, @minTier, @at, @at)`,
  );
  const calendarUpdate = db.prepare<Record<string, unknown>>(
    `UPDATE automation_calendar SET name = @name, date = @date, time = @time, yearly = @yearly, category = @category,
       message_fr = @messageFr, message_en = @messageEn, min_tier = @minTier, updated_at = @at WHERE id = @id`,
  );
  const calendarDelete = db.prepare<[number]>('DELETE FROM automation_calendar WHERE id = ?');

  const storeTextOf = db.prepare<[number, number], { customer_id: number; event_id: number | null; text_fr: string; text_en: string; item: string; starts_at: number; until: number }>(
    'SELECT * FROM automation_store_texts WHERE customer_id = ? AND until > ?',
  );
  const putStoreText = db.prepare<Record<string, unknown>>(
    `INSERT INTO automation_store_texts (customer_id, event_id, text_fr, text_en, item, starts_at, until)
     VALUES (@customerId, @eventId, @textFr, @textEn, @item, @startsAt, @until)
     ON CONFLICT (customer_id) DO UPDATE SET event_id = excluded.event_id, text_fr = excluded.text_fr, text_en = excluded.text_en,
       item = excluded.item, starts_at = excluded.starts_at, until = excluded.until`,
  );
  const expireStoreTexts = db.prepare<[number], { customer_id: number }>('DELETE FROM automation_store_texts WHERE until <= ? RETURNING customer_id');

  const tiers = db.prepare<[], { id: string; name_fr: string; name_en: string; threshold: number }>(
    'SELECT id, name_fr, name_en, threshold FROM loyalty_tiers ORDER BY threshold',
  );

  // Candidates of each moment: customers with a card in a wallet, in a window of the moment's time column, not yet
  // recorded for the occurrence. Each is read by an index on that column; pages of `limit`, the next page found by
  // the same query once the previous one is recorded.
  const activations = db.prepare<{ from: number; to: number; automation: string; occurrence: string; limit: number }, { id: number; at: number }>(
    `SELECT a.customer_id AS id, a.installed_at AS at FROM automation_activations a JOIN customers c ON c.id = a.customer_id
     WHERE a.installed_at > @from AND a.installed_at <= @to AND ${IN_WALLET} AND ${NOT_DONE('@occurrence')}
     ORDER BY a.installed_at LIMIT @limit`,
  );
  const tierChanges = db.prepare<{ from: number; to: number; automation: string; limit: number }, { change_id: number; id: number; to_tier: string }>(
    `SELECT t.id AS change_id, t.customer_id AS id, t.to_tier FROM loyalty_tier_changes t
     JOIN customers c ON c.id = t.customer_id
     JOIN loyalty_tiers nt ON nt.id = t.to_tier LEFT JOIN loyalty_tiers ft ON ft.id = t.from_tier
     WHERE t.changed_at > @from AND t.changed_at <= @to AND nt.threshold > COALESCE(ft.threshold, -1) AND ${IN_WALLET}
       AND ${NOT_DONE('CAST(t.id AS TEXT)')}
     ORDER BY t.changed_at, t.id LIMIT @limit`,
  );
  const credited = db.prepare<{ from: number; to: number; after: number; limit: number }, { id: number; lifetime_points: number }>(
    `SELECT c.id, c.lifetime_points FROM customers c
     WHERE c.id IN (SELECT l.customer_id FROM points_ledger l WHERE l.delta > 0 AND l.created_at > @from AND l.created_at <= @to)
       AND c.id > @after AND ${IN_WALLET}
     ORDER BY c.id LIMIT @limit`,
  );
  const lastPurchase = db.prepare<
    { from: number; to: number; automation: string; prefix: string; minPoints: number; limit: number },
    { id: number; last_purchase_at: number }
  >(
    `SELECT c.id, c.last_purchase_at FROM customers c
     WHERE c.last_purchase_at > @from AND c.last_purchase_at <= @to AND c.points_balance >= @minPoints AND ${IN_WALLET}
       AND ${NOT_DONE("@prefix || c.last_purchase_at")}
     ORDER BY c.last_purchase_at LIMIT @limit`,
  );
  const birthdays = db.prepare<{ md: string; md2: string; automation: string; occurrence: string; after: number; limit: number }, { id: number }>(
    `SELECT c.id FROM customers c
     WHERE substr(c.birthday, 6, 5) IN (@md, @md2) AND c.birthday IS NOT NULL AND c.id > @after AND ${IN_WALLET}
       AND ${NOT_DONE('@occurrence')}
     ORDER BY c.id LIMIT @limit`,
  );
  const enrolledOn = db.prepare<{ a: string; b: string; c: string; after: number; limit: number }, { id: number; created_at: number }>(
    `SELECT c.id, c.created_at FROM customers c
     WHERE strftime('%m-%d', c.created_at / 1000, 'unixepoch') IN (@a, @b, @c) AND c.id > @after AND ${IN_WALLET}
     ORDER BY c.id LIMIT @limit`,
  );

  const audiences = new Map<string, Database.Statement>();
  /** A calendar entry's audience after `cursor`, in id order, with the guard's verdict (guard-sql.ts). */
  function audiencePage(guardSql: string, params: GuardParams & { cursor: number; limit: number; minTier: string | null; automation: string; occurrence: string }) {
    const sql = `${FACTS.replace('FROM customers c', `, ${guardSql} AS reason FROM customers c`)}
      WHERE c.id > @cursor AND ${IN_WALLET}
        AND (@minTier IS NULL OR c.tier IN (SELECT id FROM loyalty_tiers WHERE threshold >= (SELECT threshold FROM loyalty_tiers WHERE id = @minTier)))
        AND ${NOT_DONE('@occurrence')}
      ORDER BY c.id LIMIT @limit`;
    let statement = audiences.get(sql);
    if (!statement) audiences.set(sql, (statement = db.prepare(sql)));
    return statement.all(params) as Array<FactsRow & { reason: HoldReason | null }>;
  }

  return {
    settings(key: string): StoredSettings | undefined {
      const r = settingsOf.get(key);
      if (!r) return undefined;
      return { enabled: r.enabled === 1, messages: JSON.parse(r.messages) as StoredSettings['messages'], params: JSON.parse(r.params) as Record<string, number> };
    },
    saveSettings(key: string, s: StoredSettings, at: number): void {
      saveSettings.run(key, s.enabled ? 1 : 0, JSON.stringify(s.messages), JSON.stringify(s.params), at);
    },

    /** Records the customer's first card in a wallet; false when it was recorded before. */
    activate: (customerId: number, at: number): boolean => activate.run(customerId, at).changes === 1,
    newInstalls: (since: number, now: number, limit: number) => newInstalls.all({ since, now, limit }),

    /** Takes the occurrence for this customer; false when it was taken already (sent, held or skipped before). */
    claim: (customerId: number, automation: string, occurrence: string, outcome: OccurrenceOutcome, reason: string | null, at: number): boolean =>
      claim.run(customerId, automation, occurrence, outcome, reason, at).changes === 1,
    settle(customerId: number, automation: string, occurrence: string, outcome: OccurrenceOutcome, reason: string | null, sendId: number | null): void {
      settle.run(outcome, reason, sendId, customerId, automation, occurrence);
    },
    occurrence(customerId: number, automation: string, occurrence: string) {
      const r = occurrenceOf.get(customerId, automation, occurrence);
      return r ? { outcome: r.outcome, reason: r.reason, sendId: r.send_id, at: r.at } : undefined;
    },
    /** The latest message of either automation the customer got after `since` (the early-engagement spacing). */
    lastSent(customerId: number, a: string, b: string, since: number): number | null {
      return lastSentOf.get(customerId, a, b, since)?.at ?? null;
    },
    stats30d(now: number) {
      return stats.all(now - 30 * 86_400_000);
    },
    entrySent: (occurrencePrefix: string): number => entrySent.get(occurrencePrefix)?.n ?? 0,

    cursor(name: string): { until: number; position: number } | undefined {
      const r = cursorOf.get(name);
      return r ? { until: r.evaluated_until, position: r.position } : undefined;
    },
    setCursor: (name: string, until: number, position = 0): void => void setCursor.run(name, until, position),

    facts: (customerId: number): FactsRow | undefined => facts.get(customerId),
    tiers: () => tiers.all(),

    calendar: (): StoredCalendarEntry[] => calendarAll.all().map(toEntry),
    calendarEntry(id: number): StoredCalendarEntry | undefined {
      const r = calendarOne.get(id);
      return r ? toEntry(r) : undefined;
    },
    addCalendarEntry(e: Omit<StoredCalendarEntry, 'id'>, at: number): number {
      return Number(calendarInsert.run({ ...e, yearly: e.yearly ? 1 : 0, at }).lastInsertRowid);
    },
    updateCalendarEntry(e: StoredCalendarEntry, at: number): boolean {
      return calendarUpdate.run({ ...e, yearly: e.yearly ? 1 : 0, at }).changes === 1;
    },
    deleteCalendarEntry: (id: number): boolean => calendarDelete.run(id).changes === 1,

    storeText(customerId: number, now: number): StoreText | undefined {
      const r = storeTextOf.get(customerId, now);
      return r
        ? { customerId: r.customer_id, eventId: r.event_id, textFr: r.text_fr, textEn: r.text_en, item: r.item, startsAt: r.starts_at, until: r.until }
        : undefined;
    },
    putStoreText: (t: StoreText): void => void putStoreText.run({ ...t }),
    /** Removes the texts whose time is over; the customers whose cards must change. */
    expireStoreTexts: (now: number): number[] => expireStoreTexts.all(now).map((r) => r.customer_id),

    activationsDue: (from: number, to: number, automation: string, occurrence: string, limit: number) =>
      activations.all({ from, to, automation, occurrence, limit }),
    tierChanges: (from: number, to: number, limit: number) => tierChanges.all({ from, to, automation: 'tier_reached', limit }),
    credited: (from: number, to: number, after: number, limit: number) => credited.all({ from, to, after, limit }),
    lastPurchaseDue: (from: number, to: number, automation: string, prefix: string, minPoints: number, limit: number) =>
      lastPurchase.all({ from, to, automation, prefix, minPoints, limit }),
    birthdays: (md: string, md2: string, occurrence: string, after: number, limit: number) =>
      birthdays.all({ md, md2, automation: 'birthday', occurrence, after, limit }),
    enrolledOn: (mds: [string, string, string], after: number, limit: number) => enrolledOn.all({ a: mds[0], b: mds[1], c: mds[2], after, limit }),
    audiencePage,
  };
}

export type AutomationsRepository = ReturnType<typeof createAutomationsRepository>;
