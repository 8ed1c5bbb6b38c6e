/**
 * The automations Passerelle ships, one or more per moment of the playbook (seed 001, "6 moments clés"), with the
 * playbook's timings and its example messages as default texts. The owner switches each on (only the welcome is on
 * out of the box: it answers the customer's own action), edits the texts and the timings within the playbook's bounds.
 */
import type { MessageCategory } from '../messaging/schemas.js';
import type { AutomationKey, Moment } from './schemas.js';

export interface StepDefinition {
  id: string;
  category: MessageCategory;
  fr: string;
  en: string;
}

export interface ParamDefinition {
  key: string;
  default: number;
  min: number;
  max: number;
  unit: 'days' | 'hours' | 'points' | 'hour';
}

export interface AutomationDefinition {
  key: AutomationKey;
  moment: Moment;
  enabledByDefault: boolean;
  steps: readonly StepDefinition[];
  params: readonly ParamDefinition[];
  /** Placeholders beyond the card's that its texts may use. */
  placeholders: readonly string[];
  /** How far back a computer that was off catches up (older occasions have passed). */
  catchUpMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEND_HOUR: ParamDefinition = { key: 'hour', default: 10, min: 9, max: 20, unit: 'hour' };

export const CATALOGUE: readonly AutomationDefinition[] = [
  {
    key: 'welcome',
    moment: 'activation',
    enabledByDefault: true,
    steps: [
      {
        id: 'welcome',
        category: 'relational',
        fr: 'Bienvenue ! 🎉 Votre carte est prête : cumulez des points, recevez des avantages exclusifs.',
        en: 'Welcome! 🎉 Your card is ready: collect points and receive exclusive perks.',
      },
    ],
    params: [],
    placeholders: [],
    // "Tolérance maximale : 2 à 3 minutes": a welcome much later than the install is no longer one.
    catchUpMs: HOUR,
  },
  {
    key: 'activation_sequence',
    moment: 'activation',
    enabledByDefault: false,
    steps: [
      {
        id: 'reminder',
        category: 'relational',
        fr: 'Petit rappel 🎁 Vous avez déjà {{points}} points sur votre carte.',
        en: 'A little reminder 🎁 You already have {{points}} points on your card.',
      },
      {
        id: 'offer',
        category: 'commercial',
        fr: 'Une offre rien que pour vous ✨ -10 % sur votre prochaine commande.',
        en: 'An offer just for you ✨ 10% off your next order.',
      },
    ],
    params: [
      { key: 'reminderDay', default: 3, min: 1, max: 6, unit: 'days' },
      { key: 'offerDay', default: 7, min: 2, max: 7, unit: 'days' },
    ],
    placeholders: [],
    catchUpMs: 2 * DAY,
  },
  {
    key: 'early_engagement',
    moment: 'early_engagement',
    enabledByDefault: false,
    steps: [
      {
        id: 'checkin',
        category: 'relational',
        fr: 'Petit check-in 🧐 Jetez un œil à votre carte : vos avantages sont là.',
        en: 'Quick check-in 🧐 Take a look at your card: your perks are here.',
      },
      {
        id: 'discovery',
        category: 'inspiration',
        fr: 'À découvrir cette semaine ✨ La nouvelle collection est arrivée, et vos prochains points avec.',
        en: 'New this week ✨ The new collection is in, and your next points with it.',
      },
      {
        id: 'crosssell',
        category: 'inspiration',
        fr: 'Souvent combiné 📌 Nos clients adorent ce duo : venez le découvrir.',
        en: 'Often paired 📌 Our customers love this duo: come and see it.',
      },
      {
        id: 'referral',
        category: 'relational',
        fr: 'Partagez votre coup de cœur 💌 Un ami invité = des avantages pour vous deux.',
        en: 'Share the love 💌 Invite a friend and you both get rewarded.',
      },
      {
        id: 'repeat',
        category: 'commercial',
        fr: 'Et si vous reveniez ✨ Votre prochaine commande vous rapporte déjà des points.',
        en: 'Come back soon ✨ Your next order already earns you points.',
      },
    ],
    // "De J+3 à J+30 après l'ajout, 1 à 2 notifications max. par semaine, idéalement espacées de 5 à 7 jours."
    params: [
      { key: 'startDay', default: 3, min: 3, max: 10, unit: 'days' },
      { key: 'spacingDays', default: 6, min: 5, max: 7, unit: 'days' },
    ],
    placeholders: [],
    catchUpMs: 2 * DAY,
  },
  {
    key: 'tier_reached',
    moment: 'loyalty',
    enabledByDefault: false,
    steps: [
      {
        id: 'reached',
        category: 'relational',
        fr: 'Palier {{tier}} atteint 🏆 Félicitations ! De nouveaux privilèges vous attendent.',
        en: '{{tier}} tier reached 🏆 Congratulations! New perks await you.',
      },
    ],
    params: [],
    placeholders: [],
    catchUpMs: 3 * DAY,
  },
  {
    key: 'next_tier',
    moment: 'loyalty',
    enabledByDefault: false,
    steps: [
      {
        id: 'close',
        category: 'relational',
        fr: 'Vous progressez 👍 Encore {{pointsToNext}} points pour débloquer le palier {{nextTier}}.',
        en: 'You are getting there 👍 {{pointsToNext}} more points to unlock {{nextTier}}.',
      },
    ],
    params: [{ key: 'gap', default: 50, min: 5, max: 5_000, unit: 'points' }],
    placeholders: ['pointsToNext', 'nextTier'],
    catchUpMs: 3 * DAY,
  },
  { key: 'early_access', moment: 'loyalty', enabledByDefault: false, steps: [], params: [], placeholders: [], catchUpMs: DAY },
  {
    key: 'reactivation',
    moment: 'reactivation',
    enabledByDefault: false,
    steps: [
      {
        id: 'first',
        category: 'inspiration',
        fr: 'Envie de nouveauté ? ✨ Venez découvrir les dernières tendances en boutique.',
        en: 'In the mood for something new? ✨ Come and discover the latest trends in store.',
      },
      {
        id: 'second',
        category: 'inspiration',
        fr: 'Elles sont de retour 👁️ Nos pièces iconiques sont à nouveau disponibles !',
        en: 'They are back 👁️ Our iconic pieces are available again!',
      },
      {
        id: 'third',
        category: 'relational',
        fr: 'Et si vous en profitiez ? Votre prochaine récompense est à portée de main 🎁',
        en: 'Why not treat yourself? Your next reward is within reach 🎁',
      },
    ],
    // "Détection d'inactivité : J+30 / J+60 / J+90 sans achat."
    params: [
      { key: 'firstDays', default: 30, min: 14, max: 180, unit: 'days' },
      { key: 'secondDays', default: 60, min: 21, max: 270, unit: 'days' },
      { key: 'thirdDays', default: 90, min: 28, max: 365, unit: 'days' },
    ],
    placeholders: [],
    catchUpMs: 3 * DAY,
  },
  {
    key: 'dormant_points',
    moment: 'reactivation',
    enabledByDefault: false,
    steps: [
      {
        id: 'reminder',
        category: 'relational',
        fr: '{{points}} points en attente 😊 Utilisez-les lors de votre prochain passage.',
        en: '{{points}} points waiting 😊 Use them on your next visit.',
      },
    ],
    params: [
      { key: 'days', default: 45, min: 14, max: 365, unit: 'days' },
      { key: 'minPoints', default: 50, min: 1, max: 100_000, unit: 'points' },
    ],
    placeholders: [],
    catchUpMs: 3 * DAY,
  },
  {
    key: 'cart_reminder',
    moment: 'retail',
    enabledByDefault: false,
    steps: [
      {
        id: 'store',
        category: 'commercial',
        fr: 'Article repéré 🧐 {{item}} vous attend : venez le découvrir à {{store}}.',
        en: 'Spotted 🧐 {{item}} is waiting for you: come and see it at {{store}}.',
      },
    ],
    // How long the card says it near our stores (seed 003: the abandoned cart becomes a store visit, for a while).
    params: [{ key: 'hours', default: 72, min: 1, max: 336, unit: 'hours' }],
    placeholders: ['item', 'store'],
    catchUpMs: 3 * DAY,
  },
  {
    key: 'birthday',
    moment: 'highlights',
    enabledByDefault: false,
    steps: [
      {
        id: 'birthday',
        category: 'relational',
        fr: 'Joyeux anniversaire {{firstName}} 🎂 On vous a préparé un petit cadeau. Profitez-en aujourd’hui.',
        en: 'Happy birthday {{firstName}} 🎂 We have a little gift for you. Enjoy it today.',
      },
    ],
    params: [SEND_HOUR],
    placeholders: [],
    // A day late still says happy birthday; later it does not.
    catchUpMs: DAY,
  },
  {
    key: 'anniversary',
    moment: 'highlights',
    enabledByDefault: false,
    steps: [
      {
        id: 'anniversary',
        category: 'relational',
        fr: '{{years}} déjà ✨ Merci d’être avec nous ! Un petit cadeau vous attend.',
        en: '{{years}} already ✨ Thank you for being with us! A little gift awaits you.',
      },
    ],
    params: [SEND_HOUR],
    placeholders: ['years'],
    catchUpMs: 3 * DAY,
  },
  { key: 'seasonal', moment: 'highlights', enabledByDefault: false, steps: [], params: [], placeholders: [], catchUpMs: DAY },
];

const BY_KEY = new Map(CATALOGUE.map((d) => [d.key, d]));

export function definitionOf(key: AutomationKey): AutomationDefinition {
  const d = BY_KEY.get(key);
  if (!d) throw new Error(`unknown automation ${key}`);
  return d;
}
