/**
 * The integrations feature: the REST API with its keys and OpenAPI document, signed webhooks, CRM connectors, CSV
 * import and export. It reaches customers and loyalty only through the parts the composition root hands it, and hears
 * what happens to customers through the happenings hook.
 */
import { integrationsCheck } from './health-check.js';
import type { JobsParts } from '../jobs/jobs-module.js';
import type { LoyaltyParts } from '../loyalty/loyalty-module.js';
import type { Module } from '../module.js';
import type { WalletCardStatus } from '../passes/cards/wallet-events.js';
import type { Services } from '../services.js';
import { apiKeyAccess } from './api/api-access.js';
import { apiAdminRoutes } from './api/api-admin-routes.js';
import { createApiKeysRepository } from './api/api-keys-repository.js';
import { createApiKeys, type ApiKeys } from './api/api-keys.js';
import { buildOpenApiDocument, type OpenApiInfo } from './api/api-openapi.js';
import { apiRoutes } from './api/api-routes.js';
import { createApiService, type ApiService } from './api/api-service.js';
import { createCustomerEventsRepository, type CustomerEventsRepository } from './api/customer-events-repository.js';
import { createExternalIdsRepository, type ExternalIdsRepository } from './api/external-ids-repository.js';
import type { JobHandler } from '../jobs/types.js';
import { deliverJob } from './webhooks/deliver-job.js';
import { WEBHOOK_DELIVER_JOB, webhookListener } from './webhooks/webhook-messages.js';
import { webhookRoutes } from './webhooks/webhook-routes.js';
import { createWebhooks, type Webhooks } from './webhooks/webhooks.js';
import { createWebhooksRepository } from './webhooks/webhooks-repository.js';
import { brevo } from './crm/brevo.js';
import { createCrm, type Crm } from './crm/crm.js';
import { crmJob, crmListener } from './crm/crm-jobs.js';
import type { CrmProfile, CrmProvider } from './crm/crm-provider.js';
import { createCrmRepository, type CrmProviderId } from './crm/crm-repository.js';
import { crmRoutes } from './crm/crm-routes.js';
import { klaviyo } from './crm/klaviyo.js';
import type { ExportDeps } from './csv/csv-export.js';
import { csvRoutes } from './csv/csv-routes.js';
import { createImports, IMPORT_JOB, type Imports } from './csv/imports.js';
import { createImportsRepository } from './csv/imports-repository.js';

/** Settled webhook messages are kept this long in the delivery log. */
const KEEP_MESSAGES_MS = 30 * 24 * 3_600_000;
const PURGE_EVERY_MS = 6 * 3_600_000;
/** Uploaded CSV files never imported are kept this long. */
const KEEP_UPLOADS_MS = 7 * 24 * 3_600_000;

export interface IntegrationsDeps {
  services: Services;
  version: string;
  loyalty: LoyaltyParts;
  /** Each of a customer's cards in a wallet or not (the cards' wallet events). */
  walletStatus(customerId: number): WalletCardStatus[];
  jobs: JobsParts;
  /** The shop's stores (CSV import checks store names and ids against them). */
  stores(): Array<{ id: number; name: string }>;
}

export interface IntegrationsParts {
  keys: ApiKeys;
  api: ApiService;
  externalIds: ExternalIdsRepository;
  /** What the website posted (cart abandoned…): the automations read and mark them here. */
  customerEvents: CustomerEventsRepository;
  webhooks: Webhooks;
  crm: Crm;
  imports: Imports;
  exports: ExportDeps;
}

export function createIntegrations(deps: IntegrationsDeps): { parts: IntegrationsParts; module: Module } {
  const { services, loyalty } = deps;
  const { db, now } = services;
  const keys = createApiKeys(createApiKeysRepository(db), now);
  const externalIds = createExternalIdsRepository(db);
  const customerEvents = createCustomerEventsRepository(db);
  const api = createApiService({
    db,
    now,
    customers: loyalty.customers,
    till: loyalty.till,
    tiers: () => loyalty.programme.tiers(),
    walletStatus: deps.walletStatus,
    externalIds,
    events: customerEvents,
    happenings: services.happenings,
  });
  const info: OpenApiInfo = { version: deps.version, serverUrl: () => services.urls.public() };

  const { jobs, runner } = deps.jobs;
  const webhooksRepo = createWebhooksRepository(db);
  const wakeWebhooks = () => runner.wake(WEBHOOK_DELIVER_JOB);
  const webhooks = createWebhooks({ db, repo: webhooksRepo, jobs, now, wake: wakeWebhooks });
  const stopListening = services.happenings.listen(
    webhookListener({
      repo: webhooksRepo,
      jobs,
      now,
      wake: wakeWebhooks,
      customers: loyalty.customers,
      purchases: loyalty.purchases,
      externalId: (id) => externalIds.of(id),
      tiers: () => loyalty.programme.tiers(),
    }),
  );
  const crmRepo = createCrmRepository(db);
  const providers: Record<CrmProviderId, CrmProvider> = { klaviyo, brevo };
  const crm = createCrm({ repo: crmRepo, providers, jobs, runner, now, customerIds: (after, limit) => loyalty.customers.idsAfter(after, limit) });
  const stopCrm = services.happenings.listen(crmListener({ repo: crmRepo, jobs, now, wake: (kind) => runner.wake(kind) }));
  const profile = (customerId: number): CrmProfile | undefined => {
    const c = loyalty.customers.get(customerId);
    if (!c || !c.email) return undefined;
    const inWallet = deps.walletStatus(customerId).filter((w) => w.installed);
    const tier = loyalty.programme.tiers().find((t) => t.id === c.tier);
    return {
      email: c.email,
      externalId: externalIds.of(customerId),
      memberId: c.memberId,
      firstName: c.firstName,
      lastName: c.lastName,
      walletInstalled: inWallet.length > 0,
      walletPlatforms: [...new Set(inWallet.map((w) => w.platform))].sort().join(','),
      points: c.pointsBalance,
      tier: c.tier,
      tierName: tier ? tier.name[c.locale] : c.tier,
    };
  };
  const crmJobs = Object.values(providers).map((p) => crmJob(p, { repo: crmRepo, now, profile, pause: (kind) => runner.pause(kind) }) as JobHandler<never>);

  const timeZone = () => (services.settings.get('brand.timeZone') as string) || Intl.DateTimeFormat().resolvedOptions().timeZone;
  const imports = createImports({
    db,
    now,
    dataDir: services.config.dataDir,
    repo: createImportsRepository(db),
    customers: loyalty.customers,
    purchases: loyalty.purchases,
    till: loyalty.till,
    externalIds,
    entryTier: () => loyalty.programme.tiers()[0]!.id,
    stores: deps.stores,
    timeZone,
    jobs,
    wake: () => runner.wake(IMPORT_JOB),
  });
  const exportDeps: ExportDeps = {
    customers: loyalty.customers,
    purchases: loyalty.purchases,
    externalId: (id) => externalIds.of(id),
    walletStatus: deps.walletStatus,
    tiers: () => loyalty.programme.tiers(),
    stores: deps.stores,
    timeZone,
  };

  let purger: NodeJS.Timeout | undefined;
  const purge = () => {
    const removed = webhooksRepo.purge(now() - KEEP_MESSAGES_MS);
    if (removed > 0) services.log.info({ removed }, 'old webhook messages purged');
    imports.purge(now() - KEEP_UPLOADS_MS).catch((err: unknown) => services.log.warn({ err }, 'old CSV uploads could not be removed'));
  };

  return {
    parts: { keys, api, externalIds, customerEvents, webhooks, crm, imports, exports: exportDeps },
    module: {
      name: 'integrations',
      adminRoutes: [
        apiAdminRoutes({
          keys,
          document: () => buildOpenApiDocument((documented) => apiRoutes({ api, info, documented })),
          serverUrl: info.serverUrl,
        }),
        webhookRoutes(webhooks),
        crmRoutes(crm),
        csvRoutes(imports, exportDeps, now),
      ],
      publicRoutes: [apiRoutes({ api, info })],
      access: { public: { apiKey: apiKeyAccess(keys) } },
      checks: [integrationsCheck(webhooks, crm)],
      jobs: [deliverJob({ repo: webhooksRepo, now, userAgent: `Passerelle/${deps.version} (+webhooks)` }) as JobHandler<never>, ...crmJobs, imports.job() as JobHandler<never>],
      start() {
        purge();
        purger = setInterval(purge, PURGE_EVERY_MS);
        purger.unref();
      },
      stop() {
        if (purger) clearInterval(purger);
        stopListening();
        stopCrm();
      },
    },
  };
}
