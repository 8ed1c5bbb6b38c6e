/**
 * The public enrolment API behind /join and /r/<code>, and the customer's own preferences page behind
 * /preferences/<token>. Public input is hostile: strict schemas, a honeypot, a per-address limit; an e-mail already
 * enrolled never makes a second customer and never hands its card to whoever typed it.
 */
import { Type } from 'typebox';
import { AppError } from '../errors.js';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { LoyaltyParts } from '../loyalty/loyalty-module.js';
import { CARD_LINK_JOB, cardLinkKey, type CardLinkPayload } from '../mail/card-link-mail.js';
import type { Mailer } from '../mail/mailer.js';
import type { CardFiles } from '../passes/cards/card-files.js';
import type { Services } from '../services.js';
import type { CategoryDefinition } from '../customers/schemas.js';
import { EnrolConfig, EnrolInput, EnrolResult, PreferencesInput, PreferencesView } from './schemas.js';

/** Per address: a family enrolling one after the other passes, a script does not. */
export const ENROL_LIMIT = 20;
export const ENROL_WINDOW_MS = 10 * 60_000;
const WEEK = 7 * 86_400_000;

export interface EnrolmentDeps extends LoyaltyParts {
  files: CardFiles;
  mailer: Mailer;
  jobs: JobsRepository;
  wakeMail(): void;
  stores(): Array<{ id: number; name: string; city: string }>;
  downloadUrl(downloadId: string): string;
  /** Google Wallet's save links, when the shop set Google up (its button then shows on Android). */
  google?: { enabled(): boolean; saveUrl(customerId: number, designId: number): Promise<string> };
}

export function enrolmentRoutes(services: Services, deps: EnrolmentDeps) {
  const { customers, programme, till } = deps;
  const { db } = services;
  const categories = () => services.settings.get('customers.categories') as CategoryDefinition[];
  const brand = () => {
    const b = services.settings.brand();
    return { name: b.name, colour: b.primaryColor, defaultLocale: b.defaultLocale };
  };

  const enrol = async (input: EnrolInput): Promise<EnrolResult> => {
    const known = customers.idByEmail(input.email);
    if (known !== undefined) {
      if (!deps.mailer.configured()) return { status: 'askAtTill' };
      const key = cardLinkKey(known, services.now());
      const payload: CardLinkPayload = { customerId: known, locale: input.locale, hour: key.hour };
      deps.jobs.enqueue(CARD_LINK_JOB, payload, services.now(), { dedupeKey: key.dedupeKey });
      setImmediate(deps.wakeMail);
      return { status: 'emailed' };
    }
    const offered = new Set(categories().map((c) => c.id));
    const referredBy = input.referralCode ? (customers.idByReferralCode(input.referralCode) ?? null) : null;
    const created = db.transaction(() => {
      const c = customers.create(
        {
          email: input.email,
          firstName: input.firstName.trim(),
          lastName: input.lastName?.trim() ?? '',
          postcode: input.postcode?.trim() ?? '',
          birthday: input.birthday ? input.birthday : null,
          locale: input.locale,
          preferredStoreId: input.preferredStoreId ?? null,
          consentMarketing: input.consentMarketing,
          categories: (input.categories ?? []).filter((id) => offered.has(id)),
          channels: input.channels ?? [],
          source: referredBy !== null ? 'referral' : 'enrolment',
          consentSource: 'enrolment',
          referredBy,
        },
        programme.tiers()[0]!.id,
      );
      till.enrolled(c.id);
      return c;
    })();
    const pass = deps.files.issue(created.id);
    const publicUrl = services.urls.public();
    const wallets: Array<{ platform: 'apple' | 'google'; url: string }> = [{ platform: deps.files.platform, url: deps.downloadUrl(pass.downloadId) }];
    if (deps.google?.enabled()) {
      try {
        wallets.push({ platform: 'google', url: await deps.google.saveUrl(created.id, pass.designId) });
      } catch (err) {
        // Google unreachable: the Apple card is there, and the link can be sent again from the till.
        services.log.warn({ err }, 'no Google Wallet link for a new customer');
      }
    }
    return {
      status: 'enrolled',
      firstName: created.firstName,
      wallets,
      preferencesUrl: `${publicUrl}/preferences/${customers.preferencesToken(created.id)}`,
    };
  };

  const preferencesOf = (token: string) => {
    const id = customers.byPreferencesToken(token);
    if (id === undefined) throw new AppError('LINK_INVALID', 'This link is not valid any more. Ask the shop for your card again.', 404);
    return customers.require(id);
  };

  return async function (app: Server): Promise<void> {
    app.get(
      '/enrol/api/config',
      {
        config: { access: 'public' },
        schema: {
          querystring: Type.Object({ ref: Type.Optional(Type.String({ maxLength: 16 })) }, { additionalProperties: false }),
          response: { 200: EnrolConfig, ...errorResponses },
        },
      },
      async (request, reply) => {
        const p = programme.programme();
        const ref = request.query.ref;
        reply.header('cache-control', 'no-store');
        return {
          brand: brand(),
          categories: categories(),
          stores: deps.stores(),
          referral: {
            valid: Boolean(ref && /^[0-9A-Za-z]{4,16}$/.test(ref) && customers.idByReferralCode(ref) !== undefined),
            friendPoints: p.referralTrigger === 'off' ? 0 : p.refereePoints,
            when: p.referralTrigger,
          },
          welcomePoints: p.welcomePoints,
        };
      },
    );

    app.post(
      '/enrol/api/join',
      {
        bodyLimit: 16 * 1024,
        config: { access: 'public', rateLimit: { max: ENROL_LIMIT, timeWindow: ENROL_WINDOW_MS } },
        schema: { body: EnrolInput, response: { 200: EnrolResult, ...errorResponses } },
      },
      async (request) => {
        // A bot filled the field people never see: answer as for a known address, and keep nothing.
        if (request.body.website) return deps.mailer.configured() ? { status: 'emailed' as const } : { status: 'askAtTill' as const };
        return enrol(request.body);
      },
    );

    const Token = Type.Object({ token: Type.String({ maxLength: 100 }) });
    app.get(
      '/enrol/api/preferences/:token',
      {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: 60_000 } },
        schema: { params: Token, response: { 200: PreferencesView, ...errorResponses } },
      },
      async (request, reply) => {
        const c = preferencesOf(request.params.token);
        reply.header('cache-control', 'no-store');
        return {
          brand: brand(),
          firstName: c.firstName,
          locale: c.locale,
          consentMarketing: c.consentMarketing,
          categories: c.categories,
          channels: c.channels,
          messages: c.messages,
          categoryOptions: categories(),
        };
      },
    );

    app.put(
      '/enrol/api/preferences/:token',
      {
        bodyLimit: 8 * 1024,
        config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
        schema: { params: Token, body: PreferencesInput, response: { 200: Type.Object({ saved: Type.Boolean() }), ...errorResponses } },
      },
      async (request) => {
        const c = preferencesOf(request.params.token);
        const b = request.body;
        const offered = new Set(categories().map((x) => x.id));
        const now = services.now();
        db.transaction(() => {
          customers.update(
            c.id,
            { categories: b.categories.filter((id) => offered.has(id)), channels: b.channels, consentMarketing: b.consentMarketing },
            'preferences',
          );
          customers.setMessagePreferences(c.id, {
            relational: b.relational,
            inspiration: b.inspiration,
            commercial: b.commercial,
            pausedUntil: b.pauseWeeks > 0 ? now + b.pauseWeeks * WEEK : null,
            stoppedAt: b.stopAll ? (c.messages.stoppedAt ?? now) : null,
          });
        })();
        return { saved: true };
      },
    );
  };
}
