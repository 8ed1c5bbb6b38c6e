/**
 * Analytics: the dashboard's overview counts and its KPIs (seed 001, "KPIs & pilotage"): daily figures kept by the
 * kpi.rollup job kind, read over a range by the dashboard, its CSV downloads and `passerelle kpi`; each campaign's
 * lift over its control group and its A/B variants' results.
 */
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { JobHandler } from '../jobs/types.js';
import type { Module } from '../module.js';
import type { Services } from '../services.js';
import { createKpiRepository, type KpiRepository } from './kpi-repository.js';
import { createRollup, ROLLUP_JOB, type Rollup } from './kpi-rollup.js';
import { kpiRoutes } from './kpi-routes.js';
import { createKpis, type Kpis } from './kpis.js';
import { overviewRoutes } from './overview-routes.js';

export interface AnalyticsParts {
  kpis: Kpis;
  rollup: Rollup;
  repository: KpiRepository;
}

export function createAnalytics(services: Services, deps: { jobs: JobsRepository; timeZone(): string }): { parts: AnalyticsParts; module: Module } {
  const repository = createKpiRepository(services.db);
  const rollup = createRollup({ db: services.db, now: services.now, repo: repository, timeZone: deps.timeZone });
  const kpis = createKpis({ now: services.now, repo: repository, timeZone: deps.timeZone });
  return {
    parts: { kpis, rollup, repository },
    module: {
      name: 'analytics',
      adminRoutes: [overviewRoutes(services), kpiRoutes({ kpis, rollup, repo: repository })],
      jobs: [rollup.handler as JobHandler<never>],
      start() {
        deps.jobs.enqueue(ROLLUP_JOB, {}, services.now(), { dedupeKey: ROLLUP_JOB });
      },
    },
  };
}
