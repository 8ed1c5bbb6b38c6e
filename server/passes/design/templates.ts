/**
 * The design a new card starts from, per kind, in the brand's colour: readable, within Apple's field limits, in
 * French and English, with wording from the seeds' playbook (points, status, referral, terms).
 */
import { labelTone, readableOn } from './colour.js';
import type { DesignContent, DesignKind, Field, Link, Text, TierVariant } from './schema.js';

export interface TemplateBrand {
  name: string;
  /** #rrggbb */
  primaryColor: string;
  /** http(s) URL or empty. */
  website: string;
}

export interface TemplateOptions {
  /** Image id of an icon to start with (Apple requires one). */
  icon?: string | undefined;
}

const t = (fr: string, en: string = fr): Text => ({ fr, en });
const field = (key: string, label: Text, value: Text, changeMessage?: Text): Field =>
  changeMessage ? { key, label, value, changeMessage } : { key, label, value };

/** The looks of the programme's default tiers (member, silver, gold); colours chosen for at least 4.5:1 text contrast. */
export const DEFAULT_TIERS: TierVariant[] = [
  { id: 'member' },
  { id: 'silver', colours: { background: '#c8cdd2', foreground: '#1b2630', label: '#4a5561' } },
  { id: 'gold', colours: { background: '#d9b45a', foreground: '#2b2112', label: '#5a4317' } },
];

type KindParts = Pick<DesignContent, 'description' | 'fields' | 'barcode' | 'expiry'> & { tiers?: TierVariant[] };

function parts(kind: DesignKind, name: string): KindParts {
  const qr = { format: 'qr' as const, message: '{{memberId}}', altText: '{{memberId}}' };
  switch (kind) {
    case 'loyalty':
      return {
        description: t(`Carte de fidélité ${name}`, `${name} loyalty card`),
        fields: {
          header: [field('points', t('Points'), t('{{points}}'), t('Vous avez maintenant %@ points', 'You now have %@ points'))],
          primary: [field('member', t('Membre', 'Member'), t('{{fullName}}'))],
          secondary: [field('tier', t('Statut', 'Status'), t('{{tier}}'), t('Votre nouveau statut : %@', 'Your new status: %@'))],
          auxiliary: [field('memberSince', t('Membre depuis', 'Member since'), t('{{memberSince}}'))],
          back: [
            field('referral', t('Parrainez un ami : des points pour vous deux', 'Refer a friend: points for both of you'), t('{{referralUrl}}')),
            field(
              'terms',
              t('Conditions du programme', 'Programme terms'),
              t(
                '1 point par euro dépensé en boutique et en ligne. Statut Argent dès 500 points, Or dès 1 500 points. ' +
                  'Carte personnelle, sans valeur monétaire.',
                '1 point per euro spent in store and online. Silver status from 500 points, Gold from 1,500. ' +
                  'Personal card, no cash value.',
              ),
            ),
          ],
        },
        // The referral link: the staff scanner reads the customer from it, a friend's camera opens the enrolment page.
        barcode: { ...qr, message: '{{referralUrl}}' },
        expiry: { kind: 'none' },
        tiers: DEFAULT_TIERS,
      };
    case 'coupon':
      return {
        description: t(`Offre ${name}`, `${name} offer`),
        fields: {
          header: [],
          primary: [field('offer', t('Votre offre', 'Your offer'), t('-10 %', '10% off'), t('Nouvelle offre : %@', 'New offer: %@'))],
          secondary: [field('conditions', t('Conditions'), t('Dès 30 € d’achat', 'On €30 or more'))],
          auxiliary: [field('holder', t('Pour', 'For'), t('{{firstName}}'))],
          back: [
            field(
              'terms',
              t('Conditions de l’offre', 'Offer terms'),
              t(
                'Valable une fois, en boutique et en ligne, non cumulable avec d’autres offres. Présentez ce coupon en caisse.',
                'Valid once, in store and online, not combinable with other offers. Show this coupon at the till.',
              ),
            ),
          ],
        },
        barcode: qr,
        expiry: { kind: 'afterIssue', days: 30 },
      };
    case 'eventTicket':
      return {
        description: t(`Invitation ${name}`, `${name} invitation`),
        fields: {
          header: [field('date', t('Date'), t('Jeudi 18 h 30', 'Thursday 6.30 pm'), t('Nouvelle date : %@', 'New date: %@'))],
          primary: [field('event', t('Événement', 'Event'), t('Soirée privée', 'Private evening'))],
          secondary: [field('venue', t('Lieu', 'Venue'), t('{{storeName}}'))],
          auxiliary: [field('guest', t('Invité(e)', 'Guest'), t('{{fullName}}'))],
          back: [
            field(
              'info',
              t('Informations'),
              t(
                'Présentez ce billet à l’entrée. Accès réservé aux membres et à un(e) accompagnant(e).',
                'Show this ticket at the door. Members and one guest only.',
              ),
              t('Information mise à jour : %@', 'Updated information: %@'),
            ),
          ],
        },
        barcode: qr,
        expiry: { kind: 'none' },
      };
    case 'giftCard':
      return {
        description: t(`Carte cadeau ${name}`, `${name} gift card`),
        fields: {
          header: [],
          primary: [field('holder', t('Titulaire', 'Holder'), t('{{fullName}}'))],
          secondary: [field('cardNumber', t('Numéro', 'Number'), t('{{memberId}}'))],
          auxiliary: [],
          back: [
            field(
              'terms',
              t('Conditions d’utilisation', 'Terms of use'),
              t(
                'Utilisable en une ou plusieurs fois, en boutique et en ligne, pendant un an. Ni reprise ni échange contre des espèces.',
                'Use it in one or several purchases, in store and online, for one year. Not exchangeable for cash.',
              ),
            ),
          ],
        },
        barcode: { format: 'code128', message: '{{memberId}}', altText: '{{memberId}}' },
        expiry: { kind: 'afterIssue', days: 365 },
      };
    case 'generic':
      return {
        description: t(`Carte ${name}`, `${name} card`),
        fields: {
          header: [],
          primary: [field('member', t('Membre', 'Member'), t('{{fullName}}'))],
          secondary: [field('memberId', t('Numéro', 'Number'), t('{{memberId}}'))],
          auxiliary: [field('memberSince', t('Membre depuis', 'Member since'), t('{{memberSince}}'))],
          back: [
            field(
              'about',
              t('À propos', 'About'),
              t(`Votre carte ${name} : présentez-la en boutique.`, `Your ${name} card: show it in store.`),
            ),
          ],
        },
        barcode: qr,
        expiry: { kind: 'none' },
      };
  }
}

export function defaultDesign(kind: DesignKind, brand: TemplateBrand, options: TemplateOptions = {}): DesignContent {
  const name = brand.name.trim().slice(0, 60) || 'Ma boutique';
  const background = brand.primaryColor.toLowerCase();
  const foreground = readableOn(background);
  const { tiers = [], ...rest } = parts(kind, name);
  const links: Link[] = brand.website ? [{ label: t('Notre site', 'Our website'), url: brand.website }] : [];
  return structuredClone({
    kind,
    brandName: name,
    ...rest,
    colours: { background, foreground, label: labelTone(background, foreground) },
    images: options.icon ? { icon: options.icon } : {},
    links,
    tiers,
    message: { label: t('Message') },
  });
}
