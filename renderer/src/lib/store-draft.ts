import { WEEKDAYS, RADII, type OpeningHours, type Radius, type Store, type StoreInput, type Text } from './contract';

export const emptyWeek = (): OpeningHours => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });

/** A new store: where the map is looking, the default radius and the seeds' drive-to-store line. */
export function newDraft(at: { latitude: number; longitude: number }, relevantText: Text): StoreInput {
  return {
    name: '',
    address: '',
    postcode: '',
    city: '',
    country: 'FR',
    phone: '',
    latitude: at.latitude,
    longitude: at.longitude,
    radiusM: 200,
    openingHours: emptyWeek(),
    exceptions: [],
    relevantText: { ...relevantText },
    active: true,
  };
}

export function draftOf(store: Store): StoreInput {
  const radiusM = (RADII as readonly number[]).includes(store.radiusM) ? (store.radiusM as Radius) : 200;
  return {
    name: store.name,
    address: store.address,
    postcode: store.postcode,
    city: store.city,
    country: store.country,
    phone: store.phone,
    latitude: store.latitude,
    longitude: store.longitude,
    radiusM,
    openingHours: Object.fromEntries(WEEKDAYS.map((d) => [d, store.openingHours[d].map(([a, b]) => [a, b])])) as OpeningHours,
    exceptions: store.exceptions.map((e) => ({ ...e, hours: e.hours.map(([a, b]) => [a, b]) })),
    relevantText: { ...store.relevantText },
    active: store.active,
  };
}

/** The seeds' line with the street, when the text is still the untouched default. */
export function textForAddress(current: Text, defaults: Text, address: string): Text {
  const untouched = current.fr === defaults.fr || current.fr.startsWith('Vous êtes tout près ! Passez nous voir au ');
  if (!untouched || !address.trim()) return current;
  return {
    fr: `Vous êtes tout près ! Passez nous voir au ${address.trim()}.`.slice(0, 120),
    en: `You are close by! Drop in at ${address.trim()}.`.slice(0, 120),
  };
}

/** Coordinates rounded to about a metre: what the form shows. */
export const coordinate = (value: number): string => value.toFixed(5);
