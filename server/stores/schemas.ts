/** The stores API's contract (routes, CLI, CSV import, and the renderer with `import type`). Imports only typebox. */
import { Type, type Static } from 'typebox';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const Time = Type.String({ pattern: '^(?:[01]\\d|2[0-3]):[0-5]\\d$|^24:00$' });
/** "09:30" to "19:00" ("24:00" closes at midnight). */
export const TimeRange = Type.Tuple([Time, Time]);
export type TimeRange = Static<typeof TimeRange>;

const day = Type.Array(TimeRange, { maxItems: 6 });
export const OpeningHours = Type.Object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }, { additionalProperties: false });
export type OpeningHours = Static<typeof OpeningHours>;

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** Exceptional hours from one date to another (a holiday closure: hours []). */
export const HoursException = Type.Object(
  { from: DateText, to: DateText, hours: day, note: Type.String({ maxLength: 80 }) },
  { additionalProperties: false },
);
export type HoursException = Static<typeof HoursException>;

export const LocalisedText = Type.Object(
  { fr: Type.String({ maxLength: 120 }), en: Type.String({ maxLength: 120 }) },
  { additionalProperties: false },
);
export type LocalisedText = Static<typeof LocalisedText>;

export const RADII = [100, 200, 500] as const;
export const Radius = Type.Union([Type.Literal(100), Type.Literal(200), Type.Literal(500)]);
export type Radius = Static<typeof Radius>;

/** What a person writes: every field of a store but its id and times. */
export const StoreInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    address: Type.String({ maxLength: 200 }),
    postcode: Type.String({ maxLength: 12 }),
    city: Type.String({ maxLength: 100 }),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    phone: Type.String({ maxLength: 30 }),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    radiusM: Radius,
    openingHours: OpeningHours,
    exceptions: Type.Array(HoursException, { maxItems: 100 }),
    relevantText: LocalisedText,
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type StoreInput = Static<typeof StoreInput>;

export const Store = Type.Object({
  id: Type.Integer(),
  ...StoreInput.properties,
  /** Stores written before radii were restricted to 100/200/500 may hold another value. */
  radiusM: Type.Integer(),
  /** Open now, in the shop's time zone. */
  openNow: Type.Boolean(),
  updatedAt: Type.Integer(),
});
export type Store = Static<typeof Store>;

export const StoreList = Type.Object({
  items: Type.Array(Store),
  /** Ids of the stores cards carry when nothing locates their holder (most in-store purchases over 90 days). */
  busiest: Type.Array(Type.Integer()),
  timeZone: Type.String(),
  defaults: Type.Object({ radiusM: Type.Integer(), relevantText: LocalisedText }),
});
export type StoreList = Static<typeof StoreList>;

export const MapConfig = Type.Object({ tileUrl: Type.String(), attribution: Type.String() });
export type MapConfig = Static<typeof MapConfig>;

export const GeocodeResult = Type.Object({
  label: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  address: Type.String(),
  postcode: Type.String(),
  city: Type.String(),
  country: Type.String(),
});
export type GeocodeResult = Static<typeof GeocodeResult>;

export const ImportRowProblem = Type.Object({
  /** The line of the CSV file (the header is line 1). */
  row: Type.Integer(),
  column: Type.String(),
  problem: Type.String(),
});
export type ImportRowProblem = Static<typeof ImportRowProblem>;

export const ImportReport = Type.Object({ imported: Type.Integer(), problems: Type.Array(ImportRowProblem) });
export type ImportReport = Static<typeof ImportReport>;
