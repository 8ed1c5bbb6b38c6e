/** The stores API contract (TypeBox + Static): the admin routes, the CLI and the CSV import speak it. */
import { Type, type Static } from 'typebox';
import { WEEKDAYS } from './opening-hours.js';

const Time = Type.String({ pattern: '^(?:[01]\\d|2[0-3]):[0-5]\\d$|^24:00$' });
export const SlotSchema = Type.Tuple([Time, Time]);
const DaySlots = Type.Array(SlotSchema, { maxItems: 6 });
export const OpeningHoursSchema = Type.Object(Object.fromEntries(WEEKDAYS.map((d) => [d, DaySlots])) as Record<(typeof WEEKDAYS)[number], typeof DaySlots>, {
  additionalProperties: false,
});

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const HoursExceptionSchema = Type.Object(
  { from: DateText, to: DateText, hours: DaySlots, note: Type.String({ maxLength: 80 }) },
  { additionalProperties: false },
);

export const LocalisedTextSchema = Type.Object(
  { fr: Type.String({ maxLength: 120 }), en: Type.String({ maxLength: 120 }) },
  { additionalProperties: false },
);

export const RADII = [100, 200, 500] as const;
export const RadiusSchema = Type.Union([Type.Literal(100), Type.Literal(200), Type.Literal(500)]);

/** What a person writes: every field of a store but its id and times. */
export const StoreInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    address: Type.String({ maxLength: 200 }),
    postcode: Type.String({ maxLength: 12 }),
    city: Type.String({ maxLength: 100 }),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    phone: Type.String({ maxLength: 30 }),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    radiusM: RadiusSchema,
    openingHours: OpeningHoursSchema,
    exceptions: Type.Array(HoursExceptionSchema, { maxItems: 100 }),
    relevantText: LocalisedTextSchema,
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type StoreInput = Static<typeof StoreInputSchema>;

export const StoreSchema = Type.Object({
  id: Type.Integer(),
  ...StoreInputSchema.properties,
  /** Radii the UI can show; stores written before radii were restricted may hold another value. */
  radiusM: Type.Integer(),
  /** Open now, in the shop's time zone. */
  openNow: Type.Boolean(),
  updatedAt: Type.Integer(),
});
export type Store = Static<typeof StoreSchema>;

export const GeocodeResultSchema = Type.Object({
  label: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  address: Type.String(),
  postcode: Type.String(),
  city: Type.String(),
  country: Type.String(),
});
export type GeocodeResult = Static<typeof GeocodeResultSchema>;

export const ImportRowProblemSchema = Type.Object({
  /** The line of the CSV file (the header is line 1). */
  row: Type.Integer(),
  column: Type.String(),
  problem: Type.String(),
});
export type ImportRowProblem = Static<typeof ImportRowProblemSchema>;

export const ImportReportSchema = Type.Object({
  imported: Type.Integer(),
  problems: Type.Array(ImportRowProblemSchema),
});
export type ImportReport = Static<typeof ImportReportSchema>;
