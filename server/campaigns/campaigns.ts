/**
 * What the campaign routes and the CLI do: create a campaign (its first run queued), preview what the guard will do,
 * stop one, and report what its runs did.
 */
import { AppError, conflict } from '../errors.js';
import type { Guard } from '../messaging/guard.js';
import { HOLD_REASONS, MIX_TARGET, type Mechanic, type MixWarning } from '../messaging/schemas.js';
import type { MessagingParts } from '../messaging/messaging-module.js';
import { parseTemplate } from '../passes/design/placeholders.js';
import type { Segments } from '../segments/segments-module.js';
import type { CampaignsRepository, StoredCampaign, StoredRun } from './campaigns-repository.js';
import { checkRecurring, nextOccurrence, occurrences } from './schedule.js';
import type { Campaign, CampaignInput, CampaignPreview, CampaignReport, CampaignRun, PreviewInput } from './schemas.js';
import type { SendJob } from './send-job.js';
import type { Visuals } from './visuals.js';
import type { VariantsRepository } from './variants.js';
import type { Db } from '../db/connection.js';

const DAY = 86_400_000;

export interface CampaignsDeps {
  db: Db;
  now(): number;
  repo: CampaignsRepository;
  segments: Segments;
  guard: Guard;
  sends: MessagingParts['sends'];
  send: SendJob;
  visuals: Visuals;
  /** Wakes the campaign.send kind after the commit (a campaign for now goes at once). */
  wake(): void;
  imageExists(id: string): boolean;
  variants: VariantsRepository;
}

function checkTemplate(text: string, field: string): void {
  const parsed = parseTemplate(text);
  if (parsed.unknown.length > 0) {
    throw new AppError('UNKNOWN_PLACEHOLDER', `${field}: unknown placeholder {{${parsed.unknown[0]}}}.`, 400, { field, name: parsed.unknown[0]! });
  }
  if (parsed.unclosed) throw new AppError('UNCLOSED_PLACEHOLDER', `${field}: a {{ has no matching }}.`, 400, { field });
}

export function createCampaigns(deps: CampaignsDeps) {
  const { db, repo, guard, sends } = deps;

  function runView(run: StoredRun): CampaignRun {
    const summary = sends.runSummary(run.id);
    return {
      id: run.id,
      plannedAt: run.plannedAt,
      dueAt: run.dueAt,
      status: run.status,
      waited: run.waited,
      audience: run.audience,
      unreachable: run.unreachable,
      sent: summary.sent,
      control: summary.control,
      held: summary.held,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    };
  }

  function view(c: StoredCampaign): Campaign {
    const last = repo.lastRunOf(c.id);
    return { ...c, lastRun: last ? runView(last) : null, variants: deps.variants.of(c.id) };
  }

  function mechanicWarnings(mechanic: Mechanic, at: number): MixWarning[] {
    if (mechanic === 'other') return [];
    const recent = repo.recentMechanics(at - 30 * DAY);
    const times = recent.filter((m) => m === mechanic).length;
    // The same mechanic as the latest campaign, or a third time in a month (seed 001: alternate them).
    return recent[0] === mechanic || times >= 2 ? [{ kind: 'mechanic_repeat', mechanic, times }] : [];
  }

  function preview(input: PreviewInput): CampaignPreview {
    const at = input.at ?? deps.now();
    const segment = deps.segments.audience(input.segmentId, at);
    const rows = repo.reasons(segment, guard.reasonSql(input.category), guard.reasonParams(input.category, at));
    let audience = 0;
    let unreachable = 0;
    let eligible = 0;
    const held: Record<string, number> = {};
    for (const r of rows) {
      audience += r.n;
      if (r.reason === null) eligible += r.n;
      else if (r.reason === 'not_in_wallet') unreachable += r.n;
      else held[r.reason] = r.n;
    }
    const ordered = Object.fromEntries(HOLD_REASONS.filter((r) => held[r]).map((r) => [r, held[r]!]));
    const control = Math.round((eligible * (input.controlPercent ?? 0)) / 100);
    const willGet = eligible - control;
    return {
      audience,
      unreachable,
      held: ordered,
      control,
      willGet,
      waitsUntil: guard.quietUntil(at),
      warnings: [...guard.mixWarnings(input.category, willGet, at), ...mechanicWarnings(input.mechanic ?? 'other', at)],
    };
  }

  function create(input: CampaignInput): Campaign {
    const at = deps.now();
    const timeZone = guard.settings().timeZone;
    checkTemplate(input.messageFr, 'messageFr');
    if (input.messageEn) checkTemplate(input.messageEn, 'messageEn');
    (input.variants ?? []).forEach((v, i) => {
      checkTemplate(v.messageFr, `variants[${i}].messageFr`);
      if (v.messageEn) checkTemplate(v.messageEn, `variants[${i}].messageEn`);
    });
    if (input.segmentId !== null) deps.segments.repository.require(input.segmentId);
    if (input.visual) {
      if (!deps.imageExists(input.visual.imageId)) throw new AppError('NOT_FOUND', 'Image not found: upload the visual first.', 404);
      if (input.visual.until <= at) throw new AppError('INVALID_VISUAL', 'The visual’s end is in the past.', 400);
    }
    let first: number;
    let schedule = input.schedule;
    if (schedule.kind === 'now') first = at;
    else if (schedule.kind === 'at') {
      if (schedule.at < at - 60_000) throw new AppError('INVALID_SCHEDULE', 'This time is in the past.', 400);
      first = Math.max(schedule.at, at);
    } else {
      const cron = checkRecurring(schedule.cron, timeZone, at);
      schedule = { ...schedule, cron };
      const next = nextOccurrence(cron, timeZone, at);
      if (next === null || (schedule.endsAt != null && next > schedule.endsAt)) throw new AppError('INVALID_SCHEDULE', 'The schedule ends before its first time.', 400);
      first = next;
    }
    const id = db.transaction(() => {
      const campaignId = repo.create({
        name: input.name.trim(),
        category: input.category,
        mechanic: input.mechanic ?? 'other',
        messageFr: input.messageFr.trim(),
        messageEn: input.messageEn?.trim() ?? '',
        segmentId: input.segmentId,
        schedule,
        sendAt: schedule.kind === 'recurring' ? null : first,
        timeZone,
        controlPercent: input.controlPercent ?? 0,
        visual: input.visual ?? null,
        nextRunAt: first,
      });
      if (input.variants?.length) deps.variants.save(campaignId, input.variants);
      deps.send.queueRun({ id: campaignId }, first, at);
      return campaignId;
    })();
    if (first <= at) setImmediate(deps.wake);
    return view(repo.require(id));
  }

  function stop(id: number): Campaign {
    db.transaction(() => {
      const c = repo.require(id);
      if (c.status === 'stopped') return;
      repo.cancelRuns(id, deps.now());
      repo.setState(id, 'stopped', null);
      // Cards get their own look back now rather than at the visual's end.
      deps.visuals.restore(id);
    })();
    return view(repo.require(id));
  }

  function remove(id: number): void {
    db.transaction(() => {
      const c = repo.require(id);
      if (c.status === 'sending') throw conflict('CAMPAIGN_SENDING', 'This campaign is sending: stop it first.');
      deps.visuals.restore(id);
      repo.delete(id);
    })();
  }

  function report(id: number): CampaignReport {
    const c = repo.require(id);
    const runs = repo.runsOf(id);
    const latest = runs.find((r) => r.status === 'sending' || r.status === 'done');
    const upcoming =
      c.schedule.kind === 'recurring' && c.status !== 'stopped' && c.nextRunAt !== null
        ? [c.nextRunAt, ...occurrences(c.schedule.cron, c.timeZone, c.nextRunAt, 4)].filter((t) => c.schedule.kind !== 'recurring' || !c.schedule.endsAt || t <= c.schedule.endsAt)
        : [];
    return { campaign: view(c), runs: runs.map(runView), upcoming, heldSample: latest ? sends.heldSample(latest.id) : [] };
  }

  return {
    create,
    preview,
    stop,
    remove,
    report,
    list: (): Campaign[] => repo.list().map(view),
    get: (id: number): Campaign => view(repo.require(id)),
    targetMix: MIX_TARGET,
  };
}

export type Campaigns = ReturnType<typeof createCampaigns>;
