/**
 * A campaign's card visual (the seeds' Black Friday visual on every card): while the campaign lasts, its image is the
 * strip of every loyalty design (and of each tier's look), saved through the designs like any edit, so every card of
 * each design changes on the phones through the one "cards changed" path. When it ends, each design gets its strips
 * back, unless someone changed that design's strip since (their edit wins). Both are `campaign.visual` jobs.
 */
import type { Db } from '../db/connection.js';
import type { JobHandler } from '../jobs/types.js';
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { CardChanges } from '../passes/cards/cards-changed.js';
import type { DesignContent } from '../passes/design/schema.js';
import type { CampaignsRepository } from './campaigns-repository.js';

export const VISUAL_JOB = 'campaign.visual';

interface Previous {
  strip: string | null;
  tiers: Record<string, string | null>;
}

/** What a visual needs of the card designs (the designs repository, handed over by the composition root). */
export interface CampaignDesigns {
  list(): Array<{ id: number; kind: string }>;
  get(id: number): { id: number; name: string; version: number; content: DesignContent } | undefined;
  update(id: number, input: { name: string; content: DesignContent; expectedVersion: number }): { id: number; version: number };
}

export interface VisualDeps {
  db: Db;
  now(): number;
  repo: CampaignsRepository;
  designs: CampaignDesigns;
  changes: CardChanges;
  jobs: JobsRepository;
}

function withStrip(content: DesignContent, strip: (current: string | undefined, tier: string | null) => string | null): DesignContent {
  const images = { ...content.images };
  const base = strip(images.strip, null);
  if (base === null) delete images.strip;
  else images.strip = base;
  const tiers = content.tiers.map((t) => {
    const s = strip(t.strip, t.id);
    const { strip: _old, ...rest } = t;
    return s === null ? rest : { ...rest, strip: s };
  });
  return { ...content, images, tiers };
}

export function createVisuals(deps: VisualDeps) {
  const { db, repo, designs, changes } = deps;

  function apply(campaignId: number): void {
    const campaign = repo.get(campaignId);
    if (!campaign?.visual || campaign.status === 'stopped' || deps.now() >= campaign.visual.until) return;
    const image = campaign.visual.imageId;
    for (const summary of designs.list()) {
      if (summary.kind !== 'loyalty') continue;
      const design = designs.get(summary.id);
      if (!design) continue;
      if (repo.visualsOf(campaignId).some((v) => v.designId === design.id)) continue;
      const previous: Previous = { strip: design.content.images.strip ?? null, tiers: Object.fromEntries(design.content.tiers.map((t) => [t.id, t.strip ?? null])) };
      const saved = designs.update(design.id, { name: design.name, content: withStrip(design.content, () => image), expectedVersion: design.version });
      changes.markDesignChanged(saved.id, { reason: 'campaign-visual', campaignId, designVersion: saved.version });
      repo.saveVisual(campaignId, design.id, previous);
    }
  }

  function restore(campaignId: number): void {
    const campaign = repo.get(campaignId);
    const image = campaign?.visual?.imageId;
    for (const v of repo.visualsOf(campaignId)) {
      if (v.restoredAt !== null) continue;
      const design = designs.get(v.designId);
      const previous = v.previous as Previous;
      if (design && image) {
        // Only the strips still showing the campaign's image go back.
        const content = withStrip(design.content, (current, tier) => {
          if (current !== image) return current ?? null;
          return tier === null ? previous.strip : (previous.tiers[tier] ?? null);
        });
        if (JSON.stringify(content) !== JSON.stringify(design.content)) {
          const saved = designs.update(design.id, { name: design.name, content, expectedVersion: design.version });
          changes.markDesignChanged(saved.id, { reason: 'campaign-visual-end', campaignId, designVersion: saved.version });
        }
      }
      repo.markRestored(campaignId, v.designId);
    }
  }

  /** Queues the visual's start (now) and end (its `until`); called when the campaign's first run starts. */
  function schedule(campaignId: number, until: number, at: number): void {
    deps.jobs.enqueue(VISUAL_JOB, { campaignId, action: 'apply' }, at, { dedupeKey: `${VISUAL_JOB}:${campaignId}:apply` });
    deps.jobs.enqueue(VISUAL_JOB, { campaignId, action: 'restore' }, at, { dedupeKey: `${VISUAL_JOB}:${campaignId}:restore`, runAt: until });
  }

  const handler: JobHandler<{ campaignId: number; action: 'apply' | 'restore' }> = {
    kind: VISUAL_JOB,
    backoff: (n) => Math.min(3_600_000, 10_000 * 2 ** n),
    async handle(jobs) {
      return jobs.map((job) => {
        db.transaction(() => (job.payload.action === 'apply' ? apply(job.payload.campaignId) : restore(job.payload.campaignId)))();
        return { kind: 'done' as const };
      });
    },
  };

  return { apply, restore, schedule, handler };
}

export type Visuals = ReturnType<typeof createVisuals>;
