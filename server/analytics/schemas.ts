import { Type, type Static } from 'typebox';

export const WalletFigures = Type.Object({ installed: Type.Integer(), installs30d: Type.Integer(), uninstalls30d: Type.Integer() });
export type WalletFigures = Static<typeof WalletFigures>;

export const Overview = Type.Object({
  customers: Type.Integer(),
  stores: Type.Integer(),
  designs: Type.Integer(),
  passes: Type.Integer(),
  purchases: Type.Integer(),
  installedPasses: Type.Integer({ description: 'Cards in a wallet now, Apple and Google together.' }),
  wallets: Type.Object(
    { apple: WalletFigures, google: WalletFigures },
    { description: 'Per wallet (by phone OS): cards in it now, and installs and uninstalls over the last 30 days.' },
  ),
  empty: Type.Boolean(),
});
export type Overview = Static<typeof Overview>;

// ── the KPI dashboard (issue 15; seed 001 "KPIs & pilotage") ─────────────────────────────────────────────────────────
const DateText = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const KpiQuery = Type.Object(
  {
    /** First and last day, in the shop's time zone (default: the 90 days to today). */
    from: Type.Optional(DateText),
    to: Type.Optional(DateText),
  },
  { additionalProperties: false },
);
export type KpiQuery = Static<typeof KpiQuery>;

export const NOTIFICATION_TYPES = ['welcome', 'campaign', 'automated', 'individual'] as const;
export const CSV_CHARTS = ['installs', 'uninstalls', 'notifications', 'categories', 'business', 'campaigns'] as const;
export type CsvChart = (typeof CSV_CHARTS)[number];

const PerPlatform = Type.Object({ apple: Type.Integer(), google: Type.Integer() });

export const WalletDay = Type.Object({
  day: Type.String(),
  installs: PerPlatform,
  uninstalls: PerPlatform,
  /** Cards in a wallet at the end of the day. */
  active: PerPlatform,
});

export const UninstallWeek = Type.Object({
  /** The Monday the week starts. */
  week: Type.String(),
  uninstalls: Type.Integer(),
  /** Cards in a wallet when the week started. */
  activeAtStart: Type.Integer(),
  /** uninstalls / activeAtStart (null: no card yet). */
  rate: Nullable(Type.Number()),
  /** The rate jumped (above 1.5× the four weeks before): the playbook's alarm signal. */
  alarm: Type.Boolean(),
});

const ByType = Type.Object({ welcome: Type.Integer(), campaign: Type.Integer(), automated: Type.Integer(), individual: Type.Integer() });
const ByCategory = Type.Object({ relational: Type.Integer(), inspiration: Type.Integer(), commercial: Type.Integer() });

export const NotificationDay = Type.Object({ day: Type.String(), ...ByType.properties });

export const GroupKpis = Type.Object({
  /** Customers in the group when the figures were built. */
  customers: Type.Integer(),
  purchases: Type.Integer(),
  revenueCents: Type.Integer(),
  /** Average basket (cents); null without purchases. */
  basketCents: Nullable(Type.Integer()),
  /** Purchases per customer of the group over the range. */
  frequency: Nullable(Type.Number()),
  /** Revenue per customer of the group over the range (cents). */
  revenuePerCustomerCents: Nullable(Type.Integer()),
});
export type GroupKpis = Static<typeof GroupKpis>;

const Interval = Type.Object({ diff: Type.Number(), low: Type.Number(), high: Type.Number(), confidence: Type.Number() });

export const CampaignLift = Type.Object({
  campaignId: Type.Integer(),
  runId: Type.Integer(),
  name: Type.String(),
  category: Type.String(),
  startedAt: Type.Integer(),
  windowDays: Type.Integer(),
  recipients: Type.Integer(),
  control: Type.Integer(),
  /** Share of each group who bought within the window (0–1). */
  conversion: Type.Object({ recipients: Type.Number(), control: Nullable(Type.Number()) }),
  /** Revenue per customer of each group within the window (euros). */
  revenuePerCustomer: Type.Object({ recipients: Type.Number(), control: Nullable(Type.Number()) }),
  /** Recipients minus control, with the 95 % interval (null: no control group). */
  conversionLift: Nullable(Interval),
  revenueLift: Nullable(Interval),
  /** Revenue lift relative to the control's revenue per customer (null when the control bought nothing). */
  relativeLift: Nullable(Type.Number()),
});
export type CampaignLift = Static<typeof CampaignLift>;

export const KpiReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  /** When the daily figures were last brought up to date. */
  builtAt: Type.Integer(),
  wallet: Type.Object({
    days: Type.Array(WalletDay),
    installs: PerPlatform,
    uninstalls: PerPlatform,
    /** Cards in a wallet at the start and the end of the range. */
    activeAtStart: PerPlatform,
    activeAtEnd: PerPlatform,
    /** Uninstalls over the range / cards in a wallet at its start plus those installed during it. */
    uninstallRate: Nullable(Type.Number()),
    weeks: Type.Array(UninstallWeek),
    /** The latest complete or current week's rate jumped. */
    alarm: Type.Boolean(),
  }),
  notifications: Type.Object({
    days: Type.Array(NotificationDay),
    byType: ByType,
    byCategory: ByCategory,
    /** The playbook's mix, in percent (40 / 30 / 30). */
    target: ByCategory,
    total: Type.Integer(),
  }),
  business: Type.Object({
    wallet: GroupKpis,
    other: GroupKpis,
    /** Wallet customers' figure relative to the others' (0.23 = +23 %); null when either is missing. */
    lift: Type.Object({ basket: Nullable(Type.Number()), frequency: Nullable(Type.Number()), revenuePerCustomer: Nullable(Type.Number()) }),
  }),
  campaigns: Type.Array(CampaignLift),
});
export type KpiReport = Static<typeof KpiReport>;

/** One A/B variant (or the whole message) of a campaign against its control group. */
export const VariantResult = Type.Object({
  variant: Type.Enum(['A', 'B', 'C']),
  recipients: Type.Integer(),
  buyers: Type.Integer(),
  purchases: Type.Integer(),
  revenueCents: Type.Integer(),
  /** Per recipient within the window. */
  purchasesPerRecipient: Type.Number(),
  revenuePerRecipient: Type.Number(),
  conversion: Type.Number(),
  /** Against the control group (null without one). */
  revenueLift: Nullable(Interval),
  conversionLift: Nullable(Interval),
});
export type VariantResult = Static<typeof VariantResult>;

export const CampaignResults = Type.Object({
  campaignId: Type.Integer(),
  /** The run measured: the latest that started. */
  runId: Nullable(Type.Integer()),
  windowDays: Type.Integer(),
  /** The window is still open: figures will move. */
  open: Type.Boolean(),
  control: Nullable(Type.Object({ customers: Type.Integer(), buyers: Type.Integer(), purchases: Type.Integer(), revenueCents: Type.Integer(), conversion: Type.Number(), revenuePerCustomer: Type.Number() })),
  variants: Type.Array(VariantResult),
  /** The variant with the most revenue per recipient, and the confidence that it beats the runner-up (null: one variant). */
  winner: Nullable(Type.Object({ variant: Type.Enum(['A', 'B', 'C']), over: Type.Enum(['A', 'B', 'C']), confidence: Type.Number() })),
});
export type CampaignResults = Static<typeof CampaignResults>;
