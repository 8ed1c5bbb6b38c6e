import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { IdParams, errorResponses } from '../http/schemas.js';
import { chartCsv } from './kpi-csv.js';
import type { KpiRepository } from './kpi-repository.js';
import type { Rollup } from './kpi-rollup.js';
import type { Kpis } from './kpis.js';
import { CSV_CHARTS, CampaignResults, KpiQuery, KpiReport } from './schemas.js';

export interface KpiRouteDeps {
  kpis: Kpis;
  rollup: Rollup;
  repo: KpiRepository;
}

export function kpiRoutes(deps: KpiRouteDeps) {
  const { kpis, rollup } = deps;

  return async function (app: Server): Promise<void> {
    app.get(
      '/api/kpis',
      { config: { access: 'session' }, schema: { querystring: KpiQuery, response: { 200: KpiReport, ...errorResponses } } },
      async (request) => {
        await rollup.fresh();
        return kpis.report(request.query.from, request.query.to);
      },
    );

    app.get(
      '/api/kpis/csv/:chart',
      {
        config: { access: 'session' },
        schema: { params: Type.Object({ chart: Type.Enum(CSV_CHARTS) }), querystring: KpiQuery, response: { 200: Type.String(), ...errorResponses } },
      },
      async (request, reply) => {
        await rollup.fresh();
        const report = kpis.report(request.query.from, request.query.to);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="kpi-${request.params.chart}-${report.from}-${report.to}.csv"`)
          .send(chartCsv(report, request.params.chart));
      },
    );

    app.get(
      '/api/kpis/campaigns/:id',
      {
        config: { access: 'session' },
        schema: {
          params: IdParams,
          querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })) }, { additionalProperties: false }),
          response: { 200: CampaignResults, ...errorResponses },
        },
      },
      async (request) => {
        const run = deps.repo.latestRun(request.params.id);
        return kpis.campaignResults(request.params.id, run?.id ?? null, run?.startedAt ?? null, request.query.days);
      },
    );
  };
}
