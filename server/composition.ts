/**
 * The composition root: every module built once, in dependency order, each given exactly the parts it needs, and
 * what the server needs from them collected in one place: admin routes, public routes, access verifiers, job
 * handlers, start and stop. Start runs in this order once both listeners are bound, the job runner last; stop runs
 * the job runner first (jobs in flight are released before the parts they use close), then the modules in reverse.
 *
 *   jobs → images, designs, loyalty programme → cards → stores → apple, google → customers, loyalty → exports → staff,
 *   mail, enrolment, scanner, integrations, analytics, settings, auth, demo, backups → public address (tunnel,
 *   self-test) → setup wizard → health checks (every module's `checks`)
 */
import { authRoutes } from './auth/routes.js';
import { createAutomations, type AutomationsParts } from './automations/automations-module.js';
import { createCampaignsModule, type CampaignsParts } from './campaigns/campaigns-module.js';
import { createAnalytics, type AnalyticsParts } from './analytics/analytics-module.js';
import { createBackups } from './backups/backups-module.js';
import { createCustomersParts, customersModule, type CustomersParts } from './customers/customers-module.js';
import { demoRoutes } from './demo/routes.js';
import { healthRoutes } from './http/health-routes.js';
import { healthCheckRoutes } from './health/routes.js';
import { databaseCheck, diskCheck } from './health/system-checks.js';
import type { HealthCheck } from './health/types.js';
import { createTunnelModule, type TunnelOptions, type TunnelParts } from './tunnel/tunnel-module.js';
import { createDefaultCard } from './passes/design/brand-look.js';
import { setupRoutes } from './setup/routes.js';
import { isConfigured } from './passes/google/context.js';
import { createSetupRepository } from './setup/setup-repository.js';
import { createPublicUi, type PublicUi } from './http/public-ui.js';
import { createJobs, type JobsParts } from './jobs/jobs-module.js';
import { createLoyaltyParts, createProgramme, loyaltyModule, type LoyaltyParts } from './loyalty/loyalty-module.js';
import { createMessaging, type MessagingParts } from './messaging/messaging-module.js';
import type { Module } from './module.js';
import { createApple, type AppleParts } from './passes/apple/apple-module.js';
import type { BuildQueueOptions } from './passes/apple/signing-queue.js';
import { createCards, type CardsParts } from './passes/cards/cards-module.js';
import { createGoogle, type GoogleModuleParts } from './passes/google/google-module.js';
import { createDesignsRepository, type DesignsRepository } from './passes/design/designs-repository.js';
import { designRoutes } from './passes/design/routes.js';
import { createExportJobs, type ExportJobs } from './passes/exports/export-jobs.js';
import { publicPassRoutes } from './passes/exports/public-routes.js';
import { passExportRoutes } from './passes/exports/routes.js';
import { createImagePipeline, type ImagePipeline } from './passes/images/pipeline.js';
import { imageRoutes } from './passes/images/routes.js';
import { createSegments, type Segments } from './segments/segments-module.js';
import type { Services } from './services.js';
import { enrolmentRoutes } from './enrolment/enrolment-routes.js';
import { createIntegrations, type IntegrationsParts } from './integrations/integrations-module.js';
import { CARD_LINK_JOB, cardLinkJob } from './mail/card-link-mail.js';
import { createMail, mailModule, type MailParts } from './mail/mail-module.js';
import type { JobHandler } from './jobs/types.js';
import { downloadUrlOf } from './passes/exports/export-passes.js';
import { scannerRoutes } from './scanner/scanner-routes.js';
import { settingsRoutes } from './settings/routes.js';
import { createStaff, type StaffParts } from './staff/staff-module.js';
import { createStores, type StoresParts } from './stores/stores-module.js';
import { createStoresRepository } from './stores/stores-repository.js';

export interface Parts {
  jobs: JobsParts;
  /** The public pages (enrolment, staff scanner) and the files they load. */
  publicUi: PublicUi;
  images: ImagePipeline;
  designs: DesignsRepository;
  cards: CardsParts;
  apple: AppleParts;
  google: GoogleModuleParts;
  exports: ExportJobs;
  stores: StoresParts;
  customers: CustomersParts;
  loyalty: LoyaltyParts;
  messaging: MessagingParts;
  segments: Segments;
  campaigns: CampaignsParts;
  automations: AutomationsParts;
  analytics: AnalyticsParts;
  staff: StaffParts;
  mail: MailParts;
  integrations: IntegrationsParts;
  tunnel: TunnelParts;
  /** Every module's health checks, in the order the doctor shows them. */
  checks(): HealthCheck[];
}

export interface Composition {
  parts: Parts;
  modules: Module[];
  /** Every module's start, in order, then the job runner. */
  start(): Promise<void>;
  /** The job runner, then every module's stop in reverse order; twice is fine. */
  stop(): Promise<void>;
}

export interface ComposeOptions {
  version: string;
  /** Signing pool tuning (tests, benchmarks). */
  signing?: BuildQueueOptions;
  /** campaign.send's lease (a test that kills the process resumes sooner). */
  campaignLeaseMs?: number;
  /** The tunnel's agent (ngrok unless a test hands its stand-in) and the self-test's extra CA. */
  tunnel?: TunnelOptions;
}

export function compose(services: Services, options: ComposeOptions): Composition {
  const jobs = createJobs(services);
  const { runner } = jobs.parts;
  const images = createImagePipeline(services.db, services.now);
  const designs = createDesignsRepository(services.db, services.now);
  const programme = createProgramme(services);
  const cards = createCards(services);
  const stores = createStores({ services, changes: cards.parts.changes, jobs: jobs.parts });
  // The stores a card lists, with an abandoned cart's text in place of theirs while it lasts (automations/).
  let automationsParts: AutomationsParts | undefined;
  const cardLocations = (customerId: number) => {
    const { directory } = stores.parts;
    const base = directory.cardLocations(customerId);
    if (!automationsParts) return base;
    return automationsParts.locations(customerId, base, () => directory.nearestStoresForCustomer(customerId)?.stores ?? []);
  };
  const apple = createApple({
    services,
    images,
    designs,
    cards: cards.parts,
    runner,
    locations: cardLocations,
    ...(options.signing ? { signing: options.signing } : {}),
  });
  const google = createGoogle({
    services,
    images,
    designs,
    cards: cards.parts,
    runner,
    locations: (customerId) => stores.parts.directory.cardLocations(customerId),
  });
  const messaging = createMessaging(services, {
    lockScreen: cards.parts.lockScreen,
    jobs: jobs.parts.jobs,
    applePushesWaiting: () => apple.parts.pushes.state() !== 'running',
  });
  const segments = createSegments(services, { timeZone: () => messaging.parts.guard.settings().timeZone });
  const campaigns = createCampaignsModule(services, {
    messaging: messaging.parts,
    segments: segments.parts,
    lockScreen: cards.parts.lockScreen,
    changes: cards.parts.changes,
    designs,
    jobs: jobs.parts.jobs,
    wake: (kind) => runner.wake(kind),
    imageExists: (id) => images.image(id) !== undefined,
    ...(options.campaignLeaseMs ? { sendLeaseMs: options.campaignLeaseMs } : {}),
  });
  const automations = createAutomations(services, {
    messaging: messaging.parts,
    lockScreen: cards.parts.lockScreen,
    changes: cards.parts.changes,
    jobs: jobs.parts.jobs,
    wake: (kind) => runner.wake(kind),
    tierExists: (id) => programme.tiers().some((t) => t.id === id),
    // The API's abandoned carts (integrations, built below: these run at evaluation time, after composing).
    carts: {
      unhandled: (type, after, until, limit) => integrations.parts.customerEvents.unhandled(type, after, until, limit),
      markHandled: (id, at) => integrations.parts.customerEvents.markHandled(id, at),
    },
  });
  automationsParts = automations.parts;
  const analytics = createAnalytics(services, { jobs: jobs.parts.jobs, timeZone: () => messaging.parts.guard.settings().timeZone });
  const customers = createCustomersParts(services);
  const loyalty = createLoyaltyParts(services, programme, { customers, changes: cards.parts.changes, files: apple.parts.files });
  const staff = createStaff(services);
  const storesForScanner = createStoresRepository(services.db);
  const scannerDeps = { ...loyalty, stores: () => storesForScanner.list().map((s) => ({ id: s.id, name: s.name })) };
  const mail = createMail(services);
  const downloadUrl = (downloadId: string) => downloadUrlOf(services.urls.public(), downloadId);
  const cardLinks = cardLinkJob({
    repo: mail.repo,
    mailer: mail.mailer,
    files: apple.parts.files,
    customer: (id) => customers.customers.get(id),
    brand: () => services.settings.brand().name,
    downloadUrl,
  });
  const exportJobs = createExportJobs({
    services,
    files: apple.parts.files,
    jobs: jobs.parts.jobs,
    wake: () => runner.wake('export.passes'),
  });

  const publicUi = createPublicUi(services.config.uiDir);
  const integrations = createIntegrations({
    services,
    version: options.version,
    loyalty,
    walletStatus: (customerId) => cards.parts.events.walletStatus(customerId),
    jobs: jobs.parts,
    stores: () => storesForScanner.list().map((s) => ({ id: s.id, name: s.name })),
  });
  const tunnel = createTunnelModule(services, options.tunnel);
  const checks = (): HealthCheck[] => modules.flatMap((m) => m.checks ?? []);
  /** The owner's own card (setup wizard): a customer found by e-mail, or made like any other. */
  const OWNER_WITHOUT_EMAIL = 'owner@passerelle.invalid';
  const owner = {
    createOrFind(input: { firstName: string; lastName: string; email: string | null; locale: 'fr' | 'en'; source: string }): number {
      const email = input.email ?? OWNER_WITHOUT_EMAIL;
      const known = customers.customers.idByEmail(email);
      if (known !== undefined) return known;
      const created = customers.customers.create(
        { email, firstName: input.firstName, lastName: input.lastName, locale: input.locale, source: input.source },
        programme.tiers()[0]!.id,
      );
      loyalty.till.enrolled(created.id);
      return created.id;
    },
    exists: (id: number): boolean => customers.customers.get(id) !== undefined,
  };

  const modules: Module[] = [
    jobs.module,
    { name: 'public-pages', publicRoutes: [publicUi.routes] },
    { name: 'health', adminRoutes: [healthRoutes(options.version)], publicRoutes: [healthRoutes(options.version)] },
    { name: 'auth', adminRoutes: [authRoutes(services, options.version)] },
    { name: 'settings', adminRoutes: [settingsRoutes(services)] },
    { name: 'images', adminRoutes: [imageRoutes(services, { images })] },
    { name: 'designs', adminRoutes: [designRoutes(services, { designs, images, changes: cards.parts.changes })] },
    cards.module,
    apple.module,
    google.module,
    messaging.module,
    segments.module,
    campaigns.module,
    automations.module,
    {
      name: 'exports',
      adminRoutes: [passExportRoutes(services, { files: apple.parts.files, exports: exportJobs })],
      publicRoutes: [publicPassRoutes(services, { files: apple.parts.files, google: google.parts.cardLinks })],
      jobs: [exportJobs.handler],
      start: () => exportJobs.removePartialFiles(),
    },
    customersModule(services, customers, {
      jobs: jobs.parts.jobs,
      entryTier: () => programme.tiers()[0]!.id,
      created: (id) => loyalty.till.enrolled(id),
    }),
    loyaltyModule(services, loyalty, {
      jobs: jobs.parts.jobs,
      allCardsChanged: () => {
        for (const d of designs.list()) cards.parts.changes.markDesignChanged(d.id, { reason: 'tiers' });
      },
      isCouponDesign: (id) => designs.get(id)?.content.kind === 'coupon',
      timeline: {
        walletEvents: (id, limit) => cards.parts.events.forCustomer(id, limit),
        mails: (id) => mail.repo.sentTo(id),
        sends: (id, limit) => messaging.parts.sends.forCustomer(id, limit),
        now: services.now,
      },
    }),
    staff.module,
    mailModule(mail, [cardLinks as JobHandler<never>]),
    {
      name: 'enrolment',
      publicRoutes: [
        enrolmentRoutes(services, {
          ...loyalty,
          files: apple.parts.files,
          mailer: mail.mailer,
          jobs: jobs.parts.jobs,
          wakeMail: () => runner.wake(CARD_LINK_JOB),
          stores: () => storesForScanner.list().map((s) => ({ id: s.id, name: s.name, city: s.city })),
          downloadUrl,
          google: google.parts.cardLinks,
        }),
      ],
    },
    {
      name: 'scanner',
      adminRoutes: [scannerRoutes(services, scannerDeps, { prefix: '/api/scanner', access: 'session', who: () => ({ by: 'admin', staffId: null }) })],
      publicRoutes: [
        scannerRoutes(services, scannerDeps, {
          prefix: '/staff/api',
          access: 'staff',
          who: (request) => ({ by: request.staff!.name, staffId: request.staff!.id }),
        }),
      ],
    },
    stores.module,
    integrations.module,
    analytics.module,
    { name: 'demo', adminRoutes: [demoRoutes(services)] },
    createBackups(services, { jobs: jobs.parts.jobs }),
    tunnel.module,
    {
      name: 'setup',
      adminRoutes: [
        setupRoutes(services, {
          repo: createSetupRepository(services.db, services.now),
          defaultCard: createDefaultCard({ db: services.db, designs, images, changes: cards.parts.changes }),
          owner,
          files: apple.parts.files,
          appleSource: () => apple.parts.identity.view().source,
          googleReady: () => isConfigured(google.parts.sync.context()),
        }),
      ],
    },
    {
      name: 'health-checks',
      adminRoutes: [healthCheckRoutes(services, checks)],
      checks: [databaseCheck(services.db), diskCheck(services.config.dataDir)],
    },
  ];
  for (const m of modules) for (const handler of m.jobs ?? []) runner.register(handler);

  let started = false;
  let stopping: Promise<void> | undefined;
  return {
    parts: {
      jobs: jobs.parts,
      publicUi,
      images,
      designs,
      cards: cards.parts,
      apple: apple.parts,
      google: google.parts,
      exports: exportJobs,
      stores: stores.parts,
      customers,
      loyalty,
      staff: staff.parts,
      mail,
      integrations: integrations.parts,
      tunnel: tunnel.parts,
      checks,
      messaging: messaging.parts,
      segments: segments.parts,
      campaigns: campaigns.parts,
      automations: automations.parts,
      analytics: analytics.parts,
    },
    modules,
    async start() {
      if (started) return;
      started = true;
      for (const m of modules) await m.start?.();
      runner.start();
    },
    stop() {
      stopping ??= (async () => {
        await runner.stop();
        for (const m of [...modules].reverse()) {
          try {
            await m.stop?.();
          } catch (err) {
            services.log.error({ err, module: m.name }, 'a module did not stop cleanly');
          }
        }
      })();
      return stopping;
    },
  };
}
