import { Type } from 'typebox';
import { notFound } from '../errors.js';
import type { Server } from '../http/fastify.js';
import { publicUrlIssue } from '../http/public-url.js';
import { errorResponses } from '../http/schemas.js';
import type { CardFiles } from '../passes/cards/card-files.js';
import { downloadUrlOf } from '../passes/exports/export-passes.js';
import type { Services } from '../services.js';
import { BrandStep, SETUP_STEPS, SetupStepId, SetupView, StepUpdate, TestCardRequest, type SetupStepId as StepId } from './schemas.js';
import type { SetupRepository } from './setup-repository.js';

export interface SetupDeps {
  repo: SetupRepository;
  /** The default card in the brand's look (design feature). */
  defaultCard: {
    logo(): string | undefined;
    apply(look: { name: string; primaryColor: string; website: string; logo?: string | null | undefined }): Promise<unknown>;
  };
  /** The owner's own customer row (customers feature). */
  owner: {
    createOrFind(input: { firstName: string; lastName: string; email: string | null; locale: 'fr' | 'en'; source: string }, at: number): number;
    exists(id: number): boolean;
  };
  files: CardFiles;
  appleSource(): 'development' | 'imported';
  /** Google Wallet has its issuer id and service-account key (the wallet's module says). */
  googleReady(): boolean;
}

const DEFAULT_BRAND_NAME = 'Ma boutique';

export function setupRoutes(services: Services, deps: SetupDeps) {
  const { repo } = deps;

  const view = (): SetupView => {
    const progress = repo.read();
    const brand = services.settings.brand();
    const passwordSet = services.settings.getSecret('admin.passwordHash') !== undefined;
    const publicUrl = services.urls.public();
    const issue = publicUrlIssue(publicUrl);
    const appleSource = deps.appleSource();
    const owner = progress.ownerCustomerId !== undefined && deps.owner.exists(progress.ownerCustomerId) ? progress.ownerCustomerId : undefined;
    let testCard: SetupView['testCard'];
    if (owner !== undefined) {
      const pass = deps.files.issue(owner);
      testCard = {
        customerId: owner,
        downloadUrl: downloadUrlOf(publicUrl, pass.downloadId),
        pkpassPath: `/api/customers/${owner}/pass.pkpass`,
        qrPath: `/api/customers/${owner}/pass-qr.png`,
      };
    }
    const ready: Record<StepId, boolean> = {
      brand: brand.name !== DEFAULT_BRAND_NAME,
      password: passwordSet || services.config.mode === 'desktop',
      address: services.urls.publicSource() !== 'listener' && issue === undefined,
      apple: appleSource === 'imported',
      google: deps.googleReady(),
      card: testCard !== undefined,
    };
    const logo = deps.defaultCard.logo();
    return {
      finished: progress.finishedAt !== undefined,
      fresh: repo.isFresh(),
      mode: services.config.mode,
      steps: SETUP_STEPS.map((id) => ({ id, status: progress.steps[id] ?? 'todo', ready: ready[id] })),
      brand: { name: brand.name, primaryColor: brand.primaryColor, ...(logo ? { logo } : {}) },
      passwordSet,
      publicUrl,
      ...(issue ? { publicUrlIssue: issue } : {}),
      appleSource,
      ...(testCard ? { testCard } : {}),
    };
  };

  const mark = (step: StepId, status: 'done' | 'skipped' | 'todo') =>
    repo.update((p) => {
      const steps = { ...p.steps };
      if (status === 'todo') delete steps[step];
      else steps[step] = status;
      return { ...p, steps };
    });

  return async function (app: Server): Promise<void> {
    app.get('/api/setup', { config: { access: 'session' }, schema: { response: { 200: SetupView, ...errorResponses } } }, async () => view());

    app.put(
      '/api/setup/steps/:step',
      {
        config: { access: 'session' },
        schema: { params: Type.Object({ step: Type.String({ maxLength: 20 }) }), body: StepUpdate, response: { 200: SetupView, ...errorResponses } },
      },
      async (request) => {
        const step = request.params.step;
        if (!(SETUP_STEPS as readonly string[]).includes(step)) throw notFound('Setup step');
        mark(step as StepId, request.body.status);
        return view();
      },
    );

    app.post(
      '/api/setup/finish',
      { config: { access: 'session' }, schema: { body: Type.Object({}, { additionalProperties: false }), response: { 200: SetupView, ...errorResponses } } },
      async () => {
        repo.update((p) => ({ ...p, finishedAt: services.now() }));
        return view();
      },
    );

    app.post(
      '/api/setup/reopen',
      { config: { access: 'session' }, schema: { body: Type.Object({}, { additionalProperties: false }), response: { 200: SetupView, ...errorResponses } } },
      async () => {
        repo.update(({ finishedAt: _done, ...p }) => p);
        return view();
      },
    );

    app.put(
      '/api/setup/brand',
      { config: { access: 'session' }, schema: { body: BrandStep, response: { 200: SetupView, ...errorResponses } } },
      async (request) => {
        const name = request.body.name.trim();
        const primaryColor = request.body.primaryColor.toLowerCase();
        services.settings.setMany({ 'brand.name': name, 'brand.primaryColor': primaryColor });
        await deps.defaultCard.apply({ name, primaryColor, website: services.settings.brand().website, logo: request.body.logo });
        mark('brand', 'done');
        return view();
      },
    );

    app.post(
      '/api/setup/test-card',
      { config: { access: 'session' }, schema: { body: TestCardRequest, response: { 200: SetupView, ...errorResponses } } },
      async (request) => {
        const { firstName, lastName = '', email = '' } = request.body;
        // Checked before a customer is made: no design yet, or an expired certificate, says so first.
        deps.files.assertReady();
        const id = deps.owner.createOrFind(
          { firstName: firstName.trim(), lastName: lastName.trim(), email: email.trim() || null, locale: services.settings.brand().defaultLocale, source: 'setup' },
          services.now(),
        );
        deps.files.issue(id);
        repo.update((p) => ({ ...p, ownerCustomerId: id, steps: { ...p.steps, card: 'done' } }));
        return view();
      },
    );
  };
}

export { SetupStepId };
