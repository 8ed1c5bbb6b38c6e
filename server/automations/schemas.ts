/**
 * The automations' contract: the playbook's six lifecycle moments (seed 001) as automations an owner switches on,
 * each with its steps' texts (French and English, placeholders), its timings, and the owner's calendar of seasonal
 * dates and early-access days.
 */
import { Type, type Static } from 'typebox';
import { MessageCategorySchema } from '../messaging/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** The six moments of the playbook, in its order. */
export const MOMENTS = ['activation', 'early_engagement', 'loyalty', 'reactivation', 'retail', 'highlights'] as const;
export type Moment = (typeof MOMENTS)[number];

export const AUTOMATION_KEYS = [
  'welcome',
  'activation_sequence',
  'early_engagement',
  'tier_reached',
  'next_tier',
  'early_access',
  'reactivation',
  'dormant_points',
  'cart_reminder',
  'birthday',
  'anniversary',
  'seasonal',
] as const;
export type AutomationKey = (typeof AUTOMATION_KEYS)[number];
export const AutomationKeySchema = Type.Enum(AUTOMATION_KEYS);

export const PARAM_UNITS = ['days', 'hours', 'points', 'hour'] as const;

export const TEXT_MAX = 240;
const Template = (minLength: number) => Type.String({ minLength, maxLength: TEXT_MAX });

export const AutomationStep = Type.Object({
  /** Stable within its automation: 'welcome', 'day3', 'step2', '30'… */
  id: Type.String(),
  category: MessageCategorySchema,
  fr: Type.String(),
  en: Type.String(),
  /** The playbook's text, to go back to. */
  defaultFr: Type.String(),
  defaultEn: Type.String(),
});
export type AutomationStep = Static<typeof AutomationStep>;

export const AutomationParam = Type.Object({
  key: Type.String(),
  value: Type.Integer(),
  default: Type.Integer(),
  min: Type.Integer(),
  max: Type.Integer(),
  unit: Type.Enum(PARAM_UNITS),
});
export type AutomationParam = Static<typeof AutomationParam>;

export const AutomationView = Type.Object({
  key: AutomationKeySchema,
  moment: Type.Enum(MOMENTS),
  enabled: Type.Boolean(),
  /** The texts of an automation whose messages come from the calendar are the calendar's (no steps here). */
  steps: Type.Array(AutomationStep),
  params: Type.Array(AutomationParam),
  /** Placeholders its texts may use beyond the card's ({{firstName}}, {{points}}…). */
  placeholders: Type.Array(Type.String()),
  /** Its messages over the last 30 days: sent, and held back by the guard. */
  sent30d: Type.Integer(),
  held30d: Type.Integer(),
  lastSentAt: Nullable(Type.Integer()),
});
export type AutomationView = Static<typeof AutomationView>;

export const AutomationUpdate = Type.Object(
  {
    enabled: Type.Boolean(),
    /** One per step, in order; an empty French text goes back to the playbook's. */
    steps: Type.Optional(Type.Array(Type.Object({ fr: Template(0), en: Template(0) }, { additionalProperties: false }), { maxItems: 8 })),
    params: Type.Optional(Type.Record(Type.String({ pattern: '^[a-zA-Z0-9]{1,30}$' }), Type.Integer({ minimum: 0, maximum: 100_000 }))),
  },
  { additionalProperties: false },
);
export type AutomationUpdate = Static<typeof AutomationUpdate>;

const DateText = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });
const HourMinute = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const CalendarInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
    /** YYYY-MM-DD; with `yearly`, only the month and day count. */
    date: DateText,
    /** Shop time; quiet hours still apply. */
    time: Type.Optional(HourMinute),
    yearly: Type.Optional(Type.Boolean()),
    category: MessageCategorySchema,
    messageFr: Type.String({ minLength: 1, maxLength: TEXT_MAX, pattern: '\\S' }),
    messageEn: Type.Optional(Template(0)),
    /** Early access: customers of this tier and above only. null: everyone (a seasonal date). */
    minTier: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 30 }))),
  },
  { additionalProperties: false },
);
export type CalendarInput = Static<typeof CalendarInput>;

export const CalendarEntry = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  date: Type.String(),
  time: Type.String(),
  yearly: Type.Boolean(),
  category: MessageCategorySchema,
  messageFr: Type.String(),
  messageEn: Type.String(),
  minTier: Nullable(Type.String()),
  /** The next time it goes (null: a one-off date that has passed). */
  nextAt: Nullable(Type.Integer()),
  /** Customers it reached, the last time it went. */
  sent: Type.Integer(),
});
export type CalendarEntry = Static<typeof CalendarEntry>;

export const AutomationsView = Type.Object({
  items: Type.Array(AutomationView),
  calendar: Type.Array(CalendarEntry),
  timeZone: Type.String(),
});
export type AutomationsView = Static<typeof AutomationsView>;
