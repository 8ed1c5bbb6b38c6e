/**
 * Campaigns, their runs and their card visuals; and the audience queries of a run: the customers of a segment in id
 * order from a cursor, each with the facts its message is written with and the guard's verdict (messaging/guard-sql.ts
 * gives that expression). The only SQL of the campaigns feature; it reads customers, tiers and stores, never writes them.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { notFound } from '../errors.js';
import type { GuardParams } from '../messaging/guard-sql.js';
import type { HoldReason, Mechanic, MessageCategory } from '../messaging/schemas.js';
import type { CompiledSegment } from '../segments/compile.js';
import type { Schedule, Visual } from './schemas.js';

export type CampaignStatus = 'scheduled' | 'sending' | 'sent' | 'stopped';
export type RunStatus = 'waiting' | 'sending' | 'done' | 'cancelled';

export interface StoredCampaign {
  id: number;
  name: string;
  category: MessageCategory;
  mechanic: Mechanic;
  messageFr: string;
  messageEn: string;
  segmentId: number | null;
  segmentName: string | null;
  schedule: Schedule;
  timeZone: string;
  controlPercent: number;
  visual: Visual | null;
  status: CampaignStatus;
  nextRunAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface StoredRun {
  id: number;
  campaignId: number;
  plannedAt: number;
  dueAt: number;
  status: RunStatus;
  waited: string | null;
  cursor: number;
  audience: number | null;
  unreachable: number | null;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface NewCampaign {
  name: string;
  category: MessageCategory;
  mechanic: Mechanic;
  messageFr: string;
  messageEn: string;
  segmentId: number | null;
  schedule: Schedule;
  sendAt: number | null;
  timeZone: string;
  controlPercent: number;
  visual: Visual | null;
  nextRunAt: number | null;
}

/** A member of a run's audience: the facts its message is written with, and the guard's verdict. */
export interface AudienceRow {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  points_balance: number;
  tier: string;
  referral_code: string;
  created_at: number;
  locale: string;
  store_name: string | null;
  tier_name_fr: string | null;
  tier_name_en: string | null;
  cards: number;
  reason: HoldReason | null;
}

interface CampaignRow {
  id: number;
  name: string;
  category: MessageCategory;
  mechanic: Mechanic;
  message_fr: string;
  message_en: string;
  segment_id: number | null;
  segment_name: string | null;
  schedule: 'now' | 'at' | 'recurring';
  send_at: number | null;
  cron: string | null;
  time_zone: string;
  ends_at: number | null;
  control_percent: number;
  visual_image: string | null;
  visual_until: number | null;
  status: CampaignStatus;
  next_run_at: number | null;
  created_at: number;
  updated_at: number;
}

interface RunRow {
  id: number;
  campaign_id: number;
  planned_at: number;
  due_at: number;
  status: RunStatus;
  waited: string | null;
  cursor: number;
  audience: number | null;
  unreachable: number | null;
  started_at: number | null;
  finished_at: number | null;
}

const toCampaign = (r: CampaignRow): StoredCampaign => ({
  id: r.id,
  name: r.name,
  category: r.category,
  mechanic: r.mechanic,
  messageFr: r.message_fr,
  messageEn: r.message_en,
  segmentId: r.segment_id,
  segmentName: r.segment_name,
  schedule:
    r.schedule === 'recurring'
      ? { kind: 'recurring', cron: r.cron!, endsAt: r.ends_at }
      : r.schedule === 'at'
        ? { kind: 'at', at: r.send_at! }
        : { kind: 'now' },
  timeZone: r.time_zone,
  controlPercent: r.control_percent,
  visual: r.visual_image && r.visual_until !== null ? { imageId: r.visual_image, until: r.visual_until } : null,
  status: r.status,
  nextRunAt: r.next_run_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRun = (r: RunRow): StoredRun => ({
  id: r.id,
  campaignId: r.campaign_id,
  plannedAt: r.planned_at,
  dueAt: r.due_at,
  status: r.status,
  waited: r.waited,
  cursor: r.cursor,
  audience: r.audience,
  unreachable: r.unreachable,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** Prepared statements of the audiences seen lately, by SQL text. */
const CACHE_SIZE = 32;

export function createCampaignsRepository(db: Db, now: () => number = Date.now) {
  const select = `SELECT k.*, s.name AS segment_name FROM campaigns k LEFT JOIN segments s ON s.id = k.segment_id`;
  const byId = db.prepare<[number], CampaignRow>(`${select} WHERE k.id = ?`);
  const all = db.prepare<[], CampaignRow>(`${select} ORDER BY k.created_at DESC, k.id DESC LIMIT 500`);
  const insert = db.prepare<Record<string, unknown>>(
    `INSERT INTO campaigns (name, category, mechanic, message_fr, message_en, segment_id, schedule, send_at, cron, time_zone, ends_at,
       control_percent, visual_image, visual_until, status, next_run_at, created_at, updated_at)
     VALUES (@name, @category, @mechanic, @messageFr, @messageEn, @segmentId, @schedule, @sendAt, @cron, @timeZone, @endsAt,
       @controlPercent, @visualImage, @visualUntil, 'scheduled', @nextRunAt, @at, @at)`,
  );
  const setState = db.prepare<[CampaignStatus, number | null, number, number]>(
    'UPDATE campaigns SET status = ?, next_run_at = ?, updated_at = ? WHERE id = ?',
  );
  const remove = db.prepare<[number]>('DELETE FROM campaigns WHERE id = ?');

  const insertRun = db.prepare<[number, number, number], { id: number }>(
    `INSERT INTO campaign_runs (campaign_id, planned_at, due_at) VALUES (?, ?, ?)
     ON CONFLICT (campaign_id, planned_at) DO UPDATE SET due_at = due_at RETURNING id`,
  );
  const runById = db.prepare<[number], RunRow>('SELECT * FROM campaign_runs WHERE id = ?');
  const runsOf = db.prepare<[number, number], RunRow>('SELECT * FROM campaign_runs WHERE campaign_id = ? ORDER BY planned_at DESC, id DESC LIMIT ?');
  const lastRunOf = db.prepare<[number], RunRow>(
    `SELECT * FROM campaign_runs WHERE campaign_id = ? AND status IN ('sending', 'done') ORDER BY planned_at DESC, id DESC LIMIT 1`,
  );
  const startRun = db.prepare<[number, number, number, number]>(
    `UPDATE campaign_runs SET status = 'sending', started_at = ?, audience = ?, unreachable = ? WHERE id = ? AND status = 'waiting'`,
  );
  const postponeRun = db.prepare<[number, string, number]>(`UPDATE campaign_runs SET due_at = ?, waited = ? WHERE id = ? AND status = 'waiting'`);
  const advance = db.prepare<[number, number]>(`UPDATE campaign_runs SET cursor = ? WHERE id = ? AND status = 'sending'`);
  const finishRun = db.prepare<[number, number]>(`UPDATE campaign_runs SET status = 'done', finished_at = ? WHERE id = ? AND status = 'sending'`);
  const cancelRuns = db.prepare<[number, number]>(
    `UPDATE campaign_runs SET status = 'cancelled', finished_at = ? WHERE campaign_id = ? AND status IN ('waiting', 'sending')`,
  );
  const recentMechanics = db.prepare<[number], { mechanic: Mechanic; started_at: number }>(
    `SELECT k.mechanic, r.started_at FROM campaign_runs r JOIN campaigns k ON k.id = r.campaign_id
     WHERE r.started_at > ? ORDER BY r.started_at DESC LIMIT 20`,
  );

  const saveVisual = db.prepare<[number, number, string, number]>(
    `INSERT INTO campaign_visuals (campaign_id, design_id, previous, applied_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const visualsOf = db.prepare<[number], { design_id: number; previous: string; restored_at: number | null }>(
    'SELECT design_id, previous, restored_at FROM campaign_visuals WHERE campaign_id = ? ORDER BY design_id',
  );
  const restored = db.prepare<[number, number, number]>('UPDATE campaign_visuals SET restored_at = ? WHERE campaign_id = ? AND design_id = ?');

  const cache = new Map<string, Database.Statement>();
  function statement(sql: string): Database.Statement {
    let s = cache.get(sql);
    if (s) cache.delete(sql);
    else {
      s = db.prepare(sql);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, s);
    return s;
  }

  const repo = {
    get(id: number): StoredCampaign | undefined {
      const r = byId.get(id);
      return r ? toCampaign(r) : undefined;
    },
    require(id: number): StoredCampaign {
      const c = repo.get(id);
      if (!c) throw notFound('Campaign');
      return c;
    },
    list: (): StoredCampaign[] => all.all().map(toCampaign),
    create(c: NewCampaign): number {
      const recurring = c.schedule.kind === 'recurring' ? c.schedule : null;
      return Number(
        insert.run({
          name: c.name,
          category: c.category,
          mechanic: c.mechanic,
          messageFr: c.messageFr,
          messageEn: c.messageEn,
          segmentId: c.segmentId,
          schedule: c.schedule.kind,
          sendAt: c.sendAt,
          cron: recurring?.cron ?? null,
          timeZone: c.timeZone,
          endsAt: recurring?.endsAt ?? null,
          controlPercent: c.controlPercent,
          visualImage: c.visual?.imageId ?? null,
          visualUntil: c.visual?.until ?? null,
          nextRunAt: c.nextRunAt,
          at: now(),
        }).lastInsertRowid,
      );
    },
    setState(id: number, status: CampaignStatus, nextRunAt: number | null): void {
      setState.run(status, nextRunAt, now(), id);
    },
    delete(id: number): void {
      remove.run(id);
    },

    /** The run of this occurrence (created once: the same occurrence twice is the same run). */
    createRun: (campaignId: number, plannedAt: number, dueAt: number): number => insertRun.get(campaignId, plannedAt, dueAt)!.id,
    run(id: number): StoredRun | undefined {
      const r = runById.get(id);
      return r ? toRun(r) : undefined;
    },
    runsOf: (campaignId: number, limit = 50): StoredRun[] => runsOf.all(campaignId, limit).map(toRun),
    lastRunOf(campaignId: number): StoredRun | undefined {
      const r = lastRunOf.get(campaignId);
      return r ? toRun(r) : undefined;
    },
    startRun: (id: number, at: number, audience: number, unreachable: number): boolean => startRun.run(at, audience, unreachable, id).changes === 1,
    postponeRun: (id: number, dueAt: number, why: string): void => void postponeRun.run(dueAt, why, id),
    advance: (id: number, cursor: number): void => void advance.run(cursor, id),
    finishRun: (id: number, at: number): void => void finishRun.run(at, id),
    cancelRuns: (campaignId: number, at: number): number => cancelRuns.run(at, campaignId).changes,
    /** Mechanics of the runs started since `since`, newest first. */
    recentMechanics: (since: number): Mechanic[] => recentMechanics.all(since).map((r) => r.mechanic),

    saveVisual: (campaignId: number, designId: number, previous: unknown): void =>
      void saveVisual.run(campaignId, designId, JSON.stringify(previous), now()),
    visualsOf: (campaignId: number) =>
      visualsOf.all(campaignId).map((r) => ({ designId: r.design_id, previous: JSON.parse(r.previous) as unknown, restoredAt: r.restored_at })),
    markRestored: (campaignId: number, designId: number): void => void restored.run(now(), campaignId, designId),

    /** Members of the audience, and of them those with a card in a wallet. */
    audienceCounts(segment: CompiledSegment): { audience: number; inWallet: number } {
      return statement(
        `SELECT COUNT(*) AS audience, COALESCE(SUM(+c.wallet_apple + c.wallet_google > 0), 0) AS inWallet FROM customers c WHERE ${segment.where}`,
      ).get(segment.params) as { audience: number; inWallet: number };
    },
    /** The guard's verdict over a whole audience, counted by reason (NULL: it may go). */
    reasons(segment: CompiledSegment, guardSql: string, guard: GuardParams): Array<{ reason: HoldReason | null; n: number }> {
      return statement(
        `SELECT reason, COUNT(*) AS n FROM (SELECT ${guardSql} AS reason FROM customers c WHERE ${segment.where}) GROUP BY reason`,
      ).all({ ...segment.params, ...guard }) as Array<{ reason: HoldReason | null; n: number }>;
    },
    /**
     * The next members of the audience with a card in a wallet, after `cursor` in id order, with the guard's verdict.
     * Customers with no card in a wallet are counted once when the run starts (unreachable), never listed.
     */
    batch(segment: CompiledSegment, guardSql: string, guard: GuardParams, cursor: number, limit: number): AudienceRow[] {
      return statement(
        `SELECT c.id, c.first_name, c.last_name, c.email, c.points_balance, c.tier, c.referral_code, c.created_at, c.locale,
           st.name AS store_name, t.name_fr AS tier_name_fr, t.name_en AS tier_name_en, c.wallet_apple + c.wallet_google AS cards,
           ${guardSql} AS reason
         FROM customers c LEFT JOIN stores st ON st.id = c.preferred_store_id LEFT JOIN loyalty_tiers t ON t.id = c.tier
         WHERE c.id > @cursor AND c.wallet_apple + c.wallet_google > 0 AND (${segment.where})
         ORDER BY c.id LIMIT @limit`,
      ).all({ ...segment.params, ...guard, cursor, limit }) as AudienceRow[];
    },
  };
  return repo;
}

export type CampaignsRepository = ReturnType<typeof createCampaignsRepository>;
