/**
 * The `campaign.send` job: one row per campaign run, which works through the run's audience in customer id order.
 * Each batch is ONE transaction: the guard's verdict for each customer (messaging/guard-sql.ts, in the same query),
 * the message on the cards of those who may get it (cards/lock-screen.ts: every wallet told through "cards changed",
 * APNs and Google jobs queued in this transaction), a message_sends row for everyone (sent, held with its reason,
 * control), and the run's cursor. A kill loses at most the batch in progress, which is done again whole after the
 * restart; message_sends' (run, customer) key makes a second send to the same customer impossible anyway.
 *
 * Quiet hours: a run due inside them, or reaching them while sending, waits until they end.
 */
import type { Db } from '../db/connection.js';
import type { JobContext, JobHandler, JobOutcome } from '../jobs/types.js';
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { Guard } from '../messaging/guard.js';
import type { MessagingParts } from '../messaging/messaging-module.js';
import { cardCustomer, type CustomerRow } from '../passes/cards/customer-facts.js';
import { SHOWN_MAX, type LockScreen } from '../passes/cards/lock-screen.js';
import { placeholderValues, renderText } from '../passes/design/placeholders.js';
import { tagCampaignLinks } from '../passes/design/utm.js';
import type { Segments } from '../segments/segments-module.js';
import type { AudienceRow, CampaignsRepository, StoredCampaign, StoredRun } from './campaigns-repository.js';
import { nextOccurrence } from './schedule.js';
import { pickVariant, type VariantKey, type VariantsRepository } from './variants.js';
import type { Visuals } from './visuals.js';

export const SEND_JOB = 'campaign.send';
/** Customers per transaction: long enough to amortise, short enough that phones' requests get in between. */
export const SEND_BATCH = 500;

export interface SendDeps {
  db: Db;
  now(): number;
  repo: CampaignsRepository;
  segments: Segments;
  guard: Guard;
  sends: MessagingParts['sends'];
  lockScreen: LockScreen;
  jobs: JobsRepository;
  visuals: Visuals;
  variants: VariantsRepository;
  publicUrl(): string;
  brandName(): string;
  /** How long a claim holds a run (a killed process's run waits this long before another process resumes it). */
  leaseMs?: number;
}

/** Whether the customer is in the run's control group: a fixed draw per (run, customer), so a resumed run draws the same. */
export function inControl(runId: number, customerId: number, percent: number): boolean {
  if (percent <= 0) return false;
  let h = Math.imul(runId ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(customerId, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) % 100 < percent;
}

/** The campaign's text for this customer, in their language, with their placeholders filled. */
export function messageFor(
  campaign: Pick<StoredCampaign, 'messageFr' | 'messageEn'>,
  row: AudienceRow,
  ctx: { publicUrl: string; brandName: string; campaignName?: string; variant?: string | null },
): string {
  const filled = filledText(campaign, row, ctx);
  // The links carry the campaign's name (and the A/B variant) for the shop's analytics.
  const text = ctx.campaignName ? tagCampaignLinks(filled, ctx.campaignName, ctx.variant) : filled;
  // Long names in many placeholders: the card's field (and the record of it) keep a bounded text.
  return text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX - 1)}…` : text;
}

function filledText(campaign: Pick<StoredCampaign, 'messageFr' | 'messageEn'>, row: AudienceRow, ctx: { publicUrl: string; brandName: string }): string {
  const locale = row.locale === 'en' && campaign.messageEn.trim() ? 'en' : 'fr';
  const template = locale === 'en' ? campaign.messageEn : campaign.messageFr;
  if (!template.includes('{{')) return template.trim();
  const values = placeholderValues(cardCustomer(row as CustomerRow, ctx.publicUrl), { brandName: ctx.brandName, locale });
  return renderText(template, values).replace(/\s+/g, ' ').trim();
}

export function createSendJob(deps: SendDeps) {
  const { db, repo, guard, sends, lockScreen } = deps;

  /** Queues a run of `campaign` for the occurrence `plannedAt`, due then. */
  function queueRun(campaign: Pick<StoredCampaign, 'id'>, plannedAt: number, at: number): number {
    const runId = repo.createRun(campaign.id, plannedAt, plannedAt);
    deps.jobs.enqueue(SEND_JOB, { runId }, at, { dedupeKey: `${SEND_JOB}:${runId}`, runAt: plannedAt });
    return runId;
  }

  /** The run begins: its audience counted, the next occurrence of a recurring campaign queued, the visual put on. */
  function start(run: StoredRun, campaign: StoredCampaign, at: number): void {
    const segment = deps.segments.audience(campaign.segmentId, at);
    const { audience, inWallet } = repo.audienceCounts(segment);
    if (!repo.startRun(run.id, at, audience, audience - inWallet)) return;
    let next: number | null = null;
    if (campaign.schedule.kind === 'recurring') {
      // After a long stop the missed occurrences are not sent in a burst: the next one after now.
      const after = nextOccurrence(campaign.schedule.cron, campaign.timeZone, Math.max(run.plannedAt, at));
      const endsAt = campaign.schedule.endsAt ?? null;
      if (after !== null && (endsAt === null || after <= endsAt)) {
        queueRun(campaign, after, at);
        next = after;
      }
    }
    repo.setState(campaign.id, 'sending', next);
    if (campaign.visual && campaign.visual.until > at && repo.visualsOf(campaign.id).length === 0) deps.visuals.schedule(campaign.id, campaign.visual.until, at);
  }

  /** One batch of the run's audience; returns how many customers it handled. */
  function batch(run: StoredRun, campaign: StoredCampaign, at: number): number {
    const segment = deps.segments.audience(campaign.segmentId, run.startedAt ?? at);
    const rows = repo.batch(segment, guard.reasonSql(campaign.category), guard.reasonParams(campaign.category, at), run.cursor, SEND_BATCH);
    if (rows.length === 0) return 0;
    const ctx = { publicUrl: deps.publicUrl(), brandName: deps.brandName(), campaignName: campaign.name };
    const base = { origin: 'campaign' as const, campaignId: campaign.id, runId: run.id, category: campaign.category, mechanic: campaign.mechanic, at };
    // An A/B test: each recipient's text is their variant's (variants.ts); A is the campaign's own.
    const extra = deps.variants.of(campaign.id);
    const texts = { A: campaign, B: extra[0], C: extra[1] };
    const variantOf = (customerId: number): VariantKey | null => (extra.length === 0 ? null : pickVariant(run.id, customerId, extra.length + 1));
    const variantText = (v: VariantKey | null) => (v === null ? campaign : (texts[v] ?? campaign));
    // Customers who get the same words get them in one change of their cards (one statement per table, not per card).
    const byText = new Map<string, AudienceRow[]>();
    const variants = new Map<number, VariantKey | null>();
    for (const row of rows) {
      if (row.reason !== null) {
        // What they would have read, for their timeline and the report.
        sends.record({ ...base, customerId: row.id, outcome: 'held', reason: row.reason, text: messageFor(campaign, row, ctx) });
      } else if (inControl(run.id, row.id, campaign.controlPercent)) {
        sends.record({ ...base, customerId: row.id, outcome: 'control', text: '' });
      } else {
        const variant = variantOf(row.id);
        variants.set(row.id, variant);
        const text = messageFor(variantText(variant), row, { ...ctx, variant });
        const group = byText.get(text);
        if (group) group.push(row);
        else byText.set(text, [row]);
      }
    }
    for (const [text, group] of byText) {
      lockScreen.show(
        group.map((r) => r.id),
        text,
        { origin: 'campaign', campaignId: campaign.id, runId: run.id },
      );
      for (const r of group) sends.record({ ...base, customerId: r.id, outcome: 'sent', text, devices: r.cards, variant: variants.get(r.id) ?? null });
    }
    repo.advance(run.id, rows[rows.length - 1]!.id);
    return rows.length;
  }

  function finish(run: StoredRun, campaign: StoredCampaign, at: number): void {
    repo.finishRun(run.id, at);
    const current = repo.require(campaign.id);
    if (current.status === 'stopped') return;
    repo.setState(campaign.id, current.nextRunAt !== null ? 'scheduled' : 'sent', current.nextRunAt);
  }

  async function handleRun(runId: number, ctx: JobContext): Promise<JobOutcome> {
    let run = repo.run(runId);
    if (!run || run.status === 'done' || run.status === 'cancelled') return { kind: 'done' };
    const campaign = repo.get(run.campaignId);
    if (!campaign) return { kind: 'done' };
    if (campaign.status === 'stopped') {
      repo.cancelRuns(campaign.id, ctx.now());
      return { kind: 'done' };
    }
    for (;;) {
      const at = ctx.now();
      if (run.status === 'waiting' && at < run.dueAt) return { kind: 'release', at: run.dueAt };
      const until = guard.quietUntil(at);
      if (until !== null) {
        if (run.status === 'waiting') repo.postponeRun(run.id, until, 'quiet_hours');
        return { kind: 'release', at: until };
      }
      let handled = 0;
      db.transaction(() => {
        if (run!.status === 'waiting') start(run!, campaign, at);
        run = repo.run(runId)!;
        if (run.status !== 'sending') return;
        handled = batch(run, campaign, at);
        if (handled < SEND_BATCH) finish(run, campaign, at);
      }).immediate();
      run = repo.run(runId)!;
      if (run.status !== 'sending') return { kind: 'done' };
      if (ctx.signal.aborted || ctx.now() >= ctx.deadline - 2_000) return { kind: 'release' };
      ctx.heartbeat();
      // Let the web service and the admin answer between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  const handler: JobHandler<{ runId: number }> = {
    kind: SEND_JOB,
    leaseMs: deps.leaseMs ?? 60_000,
    backoff: (n) => Math.min(600_000, 5_000 * 2 ** n),
    handle: (jobs, ctx) => jobs.map((job) => handleRun(job.payload.runId, ctx)),
  };

  return { handler, queueRun };
}

export type SendJob = ReturnType<typeof createSendJob>;
