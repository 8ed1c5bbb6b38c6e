/**
 * Campaigns: lock-screen messages to a segment, now, at a time or on a schedule, each customer through the messages
 * guard, sent by the `campaign.send` job kind; the card visual of a campaign by `campaign.visual`.
 */
import type { JobHandler } from '../jobs/types.js';
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { MessagingParts } from '../messaging/messaging-module.js';
import type { Module } from '../module.js';
import type { CardChanges } from '../passes/cards/cards-changed.js';
import type { LockScreen } from '../passes/cards/lock-screen.js';
import type { Segments } from '../segments/segments-module.js';
import type { Services } from '../services.js';
import { createCampaigns, type Campaigns } from './campaigns.js';
import { createCampaignsRepository, type CampaignsRepository } from './campaigns-repository.js';
import { campaignRoutes } from './routes.js';
import { createSendJob, SEND_JOB } from './send-job.js';
import { createVariantsRepository } from './variants.js';
import { createVisuals, type CampaignDesigns } from './visuals.js';

export interface CampaignsParts {
  campaigns: Campaigns;
  repository: CampaignsRepository;
  /** The campaign.send handler, for the CLI's one-kind runner (the server's runner has it already). */
  sendHandler: JobHandler<never>;
}

export interface CampaignsModuleDeps {
  messaging: Pick<MessagingParts, 'guard' | 'sends'>;
  segments: Segments;
  lockScreen: LockScreen;
  changes: CardChanges;
  designs: CampaignDesigns;
  jobs: JobsRepository;
  wake(kind: string): void;
  imageExists(id: string): boolean;
  /** campaign.send's lease (tests that kill a process resume sooner with a short one). */
  sendLeaseMs?: number;
}

export function createCampaignsModule(services: Services, deps: CampaignsModuleDeps): { parts: CampaignsParts; module: Module } {
  const { db, now } = services;
  const repository = createCampaignsRepository(db, now);
  const visuals = createVisuals({ db, now, repo: repository, designs: deps.designs, changes: deps.changes, jobs: deps.jobs });
  const variants = createVariantsRepository(db);
  const send = createSendJob({
    db,
    now,
    repo: repository,
    segments: deps.segments,
    guard: deps.messaging.guard,
    sends: deps.messaging.sends,
    lockScreen: deps.lockScreen,
    jobs: deps.jobs,
    visuals,
    variants,
    publicUrl: () => services.urls.public(),
    brandName: () => services.settings.brand().name,
    ...(deps.sendLeaseMs ? { leaseMs: deps.sendLeaseMs } : {}),
  });
  const campaigns = createCampaigns({
    db,
    now,
    repo: repository,
    segments: deps.segments,
    guard: deps.messaging.guard,
    sends: deps.messaging.sends,
    send,
    visuals,
    wake: () => deps.wake(SEND_JOB),
    imageExists: deps.imageExists,
    variants,
  });
  return {
    parts: { campaigns, repository, sendHandler: send.handler as JobHandler<never> },
    module: {
      name: 'campaigns',
      adminRoutes: [campaignRoutes(services, { campaigns })],
      jobs: [send.handler as JobHandler<never>, visuals.handler as JobHandler<never>],
    },
  };
}
