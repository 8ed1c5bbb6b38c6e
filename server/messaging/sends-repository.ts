/**
 * message_sends: every message meant for a customer (campaign, single, automation) and what became of it: sent,
 * held back with its reason, kept out as a control, or waiting for quiet hours to end. The guard counts the 'sent'
 * rows; timelines and campaign reports read them all. The only SQL on that table.
 */
import type { Db } from '../db/connection.js';
import { reasonExpression, reasonParams, type GuardMode } from './guard-sql.js';
import type { GuardSettings, HoldReason, MessageCategory, MessageSend } from './schemas.js';
import { MESSAGE_CATEGORIES } from './schemas.js';

export type SendOrigin = 'campaign' | 'direct' | 'automation';
export type SendOutcome = 'sent' | 'held' | 'control' | 'waiting';

export interface NewSend {
  customerId: number;
  origin: SendOrigin;
  campaignId?: number | null;
  runId?: number | null;
  category: MessageCategory;
  mechanic?: string | null;
  outcome: SendOutcome;
  reason?: HoldReason | null;
  text: string;
  /** Cards in a wallet that show it. */
  devices?: number;
  /** A campaign's A/B variant this customer got (campaigns/variants.ts). */
  variant?: 'A' | 'B' | 'C' | null;
  at: number;
}

interface Row {
  id: number;
  origin: SendOrigin;
  mechanic: string | null;
  campaign_id: number | null;
  campaign_name: string | null;
  category: MessageCategory;
  outcome: SendOutcome;
  reason: string | null;
  text: string;
  devices: number;
  at: number;
}

export interface WaitingSend {
  id: number;
  customerId: number;
  category: MessageCategory;
  text: string;
  at: number;
}

const DAY = 86_400_000;

export function createSendsRepository(db: Db) {
  const insert = db.prepare<Record<string, unknown>>(
    `INSERT INTO message_sends (customer_id, origin, campaign_id, run_id, category, mechanic, outcome, reason, text, devices, variant, at)
     VALUES (@customerId, @origin, @campaignId, @runId, @category, @mechanic, @outcome, @reason, @text, @devices, @variant, @at)`,
  );
  const settle = db.prepare<{ id: number; outcome: SendOutcome; reason: string | null; devices: number; at: number }>(
    `UPDATE message_sends SET outcome = @outcome, reason = @reason, devices = @devices, at = @at WHERE id = @id AND outcome = 'waiting'`,
  );
  const waiting = db.prepare<[number], { id: number; customer_id: number; category: MessageCategory; text: string; at: number }>(
    `SELECT id, customer_id, category, text, at FROM message_sends WHERE id = ? AND outcome = 'waiting'`,
  );
  const ofCustomer = db.prepare<[number, number], Row>(
    `SELECT s.id, s.origin, s.mechanic, s.campaign_id, k.name AS campaign_name, s.category, s.outcome, s.reason, s.text, s.devices, s.at
     FROM message_sends s LEFT JOIN campaigns k ON k.id = s.campaign_id
     WHERE s.customer_id = ? ORDER BY s.at DESC, s.id DESC LIMIT ?`,
  );
  const mix = db.prepare<[number], { category: MessageCategory; n: number }>(
    `SELECT category, COUNT(*) AS n FROM message_sends WHERE outcome = 'sent' AND at > ? GROUP BY category`,
  );
  const ofRun = db.prepare<[number], { outcome: SendOutcome; reason: string | null; n: number }>(
    `SELECT outcome, reason, COUNT(*) AS n FROM message_sends WHERE run_id = ? GROUP BY outcome, reason`,
  );
  const heldOfRun = db.prepare<[number, number], { customer_id: number; first_name: string; last_name: string; reason: HoldReason }>(
    `SELECT s.customer_id, c.first_name, c.last_name, s.reason FROM message_sends s JOIN customers c ON c.id = s.customer_id
     WHERE s.run_id = ? AND s.outcome = 'held' ORDER BY s.id LIMIT ?`,
  );
  const checks = new Map<MessageCategory, ReturnType<typeof db.prepare<Record<string, unknown>, { reason: HoldReason | null }>>>();
  for (const category of MESSAGE_CATEGORIES) {
    checks.set(category, db.prepare(`SELECT ${reasonExpression(category)} AS reason FROM customers c WHERE c.id = @id`));
  }

  return {
    /** Records one message's fate; returns its row id. */
    record(s: NewSend): number {
      return Number(
        insert.run({
          customerId: s.customerId,
          origin: s.origin,
          campaignId: s.campaignId ?? null,
          runId: s.runId ?? null,
          category: s.category,
          mechanic: s.mechanic ?? null,
          outcome: s.outcome,
          reason: s.reason ?? null,
          text: s.text,
          devices: s.devices ?? 0,
          variant: s.variant ?? null,
          at: s.at,
        }).lastInsertRowid,
      );
    },
    /** A waiting message's fate once its time came; false when it was settled already (a job run twice). */
    settle(id: number, outcome: Exclude<SendOutcome, 'waiting'>, reason: HoldReason | null, devices: number, at: number): boolean {
      return settle.run({ id, outcome, reason, devices, at }).changes === 1;
    },
    waiting(id: number): WaitingSend | undefined {
      const r = waiting.get(id);
      return r ? { id: r.id, customerId: r.customer_id, category: r.category, text: r.text, at: r.at } : undefined;
    },
    /** The first rule that keeps this customer from a message of `category` at `now`, or null (undefined: no customer). */
    check(customerId: number, category: MessageCategory, now: number, settings: GuardSettings, mode: GuardMode = {}): HoldReason | null | undefined {
      const row = checks.get(category)!.get({ id: customerId, ...reasonParams(category, now, settings, mode) });
      return row ? row.reason : undefined;
    },
    forCustomer(customerId: number, limit = 100): MessageSend[] {
      return ofCustomer.all(customerId, limit).map((r) => ({
        id: r.id,
        origin: r.origin,
        campaignId: r.campaign_id,
        campaignName: r.campaign_name,
        automation: r.origin === 'automation' ? r.mechanic : null,
        category: r.category,
        outcome: r.outcome,
        reason: r.reason,
        text: r.text,
        devices: r.devices,
        at: r.at,
      }));
    },
    /** What a campaign run did: sent, kept as control, held back by reason. */
    runSummary(runId: number): { sent: number; control: number; held: Record<string, number> } {
      const out = { sent: 0, control: 0, held: {} as Record<string, number> };
      for (const r of ofRun.all(runId)) {
        if (r.outcome === 'sent') out.sent += r.n;
        else if (r.outcome === 'control') out.control += r.n;
        else if (r.outcome === 'held' && r.reason) out.held[r.reason] = (out.held[r.reason] ?? 0) + r.n;
      }
      return out;
    },
    heldSample(runId: number, limit = 10): Array<{ customerId: number; name: string; reason: HoldReason }> {
      return heldOfRun.all(runId, limit).map((r) => ({ customerId: r.customer_id, name: `${r.first_name} ${r.last_name}`.trim(), reason: r.reason }));
    },
    /** Messages sent over the 30 days before `now`, per category. */
    mix30d(now: number): Record<MessageCategory, number> {
      const out: Record<MessageCategory, number> = { relational: 0, inspiration: 0, commercial: 0 };
      for (const r of mix.all(now - 30 * DAY)) out[r.category] = r.n;
      return out;
    },
  };
}

export type SendsRepository = ReturnType<typeof createSendsRepository>;
