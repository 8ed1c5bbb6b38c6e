/**
 * The mail that carries a customer's card link, sent when someone enrols with an e-mail already enrolled: the card
 * goes to the address's owner, never to whoever typed it. A job (`mail.card-link`), at most one per customer and
 * hour: entering the same address again and again sends nothing more.
 */
import type { JobHandler } from '../jobs/types.js';
import type { CardFiles } from '../passes/cards/card-files.js';
import type { MailRepository } from './mail-repository.js';
import type { Mailer } from './mailer.js';

export const CARD_LINK_JOB = 'mail.card-link';
const HOUR = 3_600_000;

export interface CardLinkPayload {
  customerId: number;
  locale: 'fr' | 'en';
  /** The hour the request came in: the mail's once-key. */
  hour: number;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function cardLinkMessage(locale: 'fr' | 'en', brand: string, firstName: string, url: string) {
  const hello = firstName ? (locale === 'fr' ? `Bonjour ${firstName},` : `Hello ${firstName},`) : locale === 'fr' ? 'Bonjour,' : 'Hello,';
  const lines =
    locale === 'fr'
      ? [
          hello,
          `Quelqu’un (vous, sans doute) a demandé la carte de fidélité ${brand} liée à cette adresse. La voici :`,
          url,
          'Ouvrez ce lien sur votre téléphone pour l’ajouter à votre Wallet. Si vous n’avez rien demandé, ignorez ce message : personne d’autre n’a reçu votre carte.',
        ]
      : [
          hello,
          `Someone (you, probably) asked for the ${brand} loyalty card linked to this address. Here it is:`,
          url,
          'Open this link on your phone to add it to your Wallet. If you did not ask for it, ignore this message: nobody else received your card.',
        ];
  return {
    subject: locale === 'fr' ? `Votre carte ${brand}` : `Your ${brand} card`,
    text: lines.join('\n\n'),
    html: lines.map((l) => (l === url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>` : `<p>${escapeHtml(l)}</p>`)).join('\n'),
  };
}

export const cardLinkKey = (customerId: number, at: number) => ({ dedupeKey: `${CARD_LINK_JOB}:${customerId}`, hour: Math.floor(at / HOUR) });

export function cardLinkJob(deps: {
  repo: MailRepository;
  mailer: Mailer;
  files: CardFiles;
  customer(id: number): { email: string | null; firstName: string } | undefined;
  brand(): string;
  downloadUrl(downloadId: string): string;
}): JobHandler<CardLinkPayload> {
  return {
    kind: CARD_LINK_JOB,
    backoff: (n) => Math.min(60_000 * 2 ** (n - 1), 3_600_000),
    maxAttempts: 8,
    async handle(jobs) {
      return Promise.all(
        jobs.map(async (job) => {
          const { customerId, locale, hour } = job.payload;
          const onceKey = `card-link:${customerId}:${hour}`;
          if (deps.repo.wasSent(onceKey)) return { kind: 'done' as const, note: 'already sent' };
          const customer = deps.customer(customerId);
          if (!customer?.email) return { kind: 'done' as const, note: 'customer gone' };
          if (!deps.mailer.configured()) return { kind: 'fail' as const, error: 'No SMTP server is set up.' };
          const pass = deps.files.issue(customerId);
          const message = cardLinkMessage(locale, deps.brand(), customer.firstName, deps.downloadUrl(pass.downloadId));
          await deps.mailer.send({ to: customer.email, ...message });
          const email = customer.email;
          return { kind: 'done' as const, apply: () => deps.repo.recordSent(onceKey, customerId, 'card-link', email) };
        }),
      );
    },
  };
}
