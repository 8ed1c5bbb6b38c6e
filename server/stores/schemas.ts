/** The stores API's contract (routes, and the renderer with `import type`). Imports only typebox. */
import { Type, type Static } from 'typebox';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "09:30" to "19:00". */
export const TimeRange = Type.Tuple([Type.String(), Type.String()]);
export type TimeRange = Static<typeof TimeRange>;

const day = Type.Array(TimeRange);
export const OpeningHours = Type.Object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day });
export type OpeningHours = Static<typeof OpeningHours>;

export const Store = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  postcode: Type.String(),
  city: Type.String(),
  country: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  radiusM: Type.Integer(),
  openingHours: OpeningHours,
});
export type Store = Static<typeof Store>;
