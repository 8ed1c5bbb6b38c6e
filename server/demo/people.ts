import { CATEGORIES, CHANNELS } from './brand-data.js';
import { DAY_MS } from './calendar.js';
import { COHORTS, NEUTRAL_FIRST_NAMES, REGIONAL_SURNAMES, SURNAMES } from './names-data.js';
import { type Rng, WeightedPicker } from './random.js';
import type { DemoStore, Region } from './stores-data.js';

export const EMAIL_DOMAINS = ['example.fr', 'example.com'] as const;

export interface Person {
  firstName: string;
  lastName: string;
  gender: 'female' | 'male' | 'other';
  birthday: string;
  email: string;
  phone: string;
  city: string;
  postcode: string;
  latitude: number;
  longitude: number;
  locale: 'fr' | 'en';
  consentMarketing: 0 | 1;
  /** JSON of the preferred channels. */
  preferences: string;
  /** Favourite categories (ids of CATEGORIES). */
  categories: string[];
}

interface Named {
  name: string;
  slug: string;
}

/** Lower-case ASCII for e-mail addresses: "Lévêque" → "leveque", "Le Gall" → "legall"; hyphens stay. */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/[^a-z-]/g, '');
}

const named = (names: readonly string[]): Named[] => names.map((name) => ({ name, slug: slugify(name) }));

const YEAR_MS = 365.2425 * DAY_MS;

// Customers of a tea room: more women than men, mostly between 25 and 60.
const FEMALE_SHARE = 0.62;
const OTHER_SHARE = 0.01;
const REGIONAL_SURNAME_SHARE = 0.35;

/**
 * Makes the people of the demo. Name lists and their e-mail slugs are prepared once; the e-mail counter keeps addresses
 * unique (camille.martin, camille.martin2…) without a database round trip.
 */
export class PeopleFactory {
  private readonly cohorts = COHORTS.map((c) => ({ from: c.from, female: named(c.female), male: named(c.male) }));
  private readonly neutral = named(NEUTRAL_FIRST_NAMES);
  private readonly surnames = named(SURNAMES);
  private readonly regional = new Map<Region, Named[]>(
    Object.entries(REGIONAL_SURNAMES).map(([region, names]) => [region as Region, named(names)]),
  );
  private readonly localityPickers: WeightedPicker[];
  private readonly localityCos: number[][];
  private readonly categoryPicker = new WeightedPicker(CATEGORIES.map((_, i) => 8 - i));
  private readonly channelPicker = new WeightedPicker(CHANNELS.map((c) => c.weight));
  private readonly emailCounts = new Map<string, number>();

  constructor(
    private readonly stores: readonly DemoStore[],
    private readonly now: number,
  ) {
    this.localityPickers = stores.map((s) => new WeightedPicker(s.localities.map((l) => l.weight)));
    this.localityCos = stores.map((s) => s.localities.map((l) => Math.cos((l.latitude * Math.PI) / 180)));
  }

  make(rng: Rng, storeIndex: number): Person {
    const store = this.stores[storeIndex] as DemoStore;
    const g = rng.next();
    const gender = g < FEMALE_SHARE ? 'female' : g < 1 - OTHER_SHARE ? 'male' : 'other';
    // Age in [18, 80), peaking around 40.
    const x = Math.pow((rng.next() + rng.next()) / 2, 1.25);
    const age = Math.min(79.99, Math.max(18.01, 18 + 62 * x));
    const born = this.now - age * YEAR_MS;
    const birthday = new Date(born).toISOString().slice(0, 10);
    const first = this.firstName(rng, gender, new Date(born).getUTCFullYear());
    const regional = this.regional.get(store.region);
    const last =
      regional && rng.chance(REGIONAL_SURNAME_SHARE)
        ? rng.pick(regional)
        : (this.surnames[rng.skewedIndex(this.surnames.length, 1.5)] as Named);

    const li = this.localityPickers[storeIndex]!.pick(rng);
    const locality = store.localities[li]!;
    const cos = this.localityCos[storeIndex]![li]!;
    const latitude = round6(locality.latitude + (rng.normal() * locality.spreadKm) / 111.2);
    const longitude = round6(locality.longitude + (rng.normal() * locality.spreadKm) / (111.32 * cos));

    const channel = CHANNELS[this.channelPicker.pick(rng)]!.id;
    // ARCEP's mobile range for fiction: 06 39 98 00 00 to 06 39 98 99 99.
    const phone = channel === 'sms' || rng.chance(0.45) ? `+3363998${String(rng.int(10_000)).padStart(4, '0')}` : '';
    return {
      firstName: first.name,
      lastName: last.name,
      gender,
      birthday,
      email: this.email(rng, first.slug, last.slug),
      phone,
      city: locality.city,
      postcode: locality.postcode,
      latitude,
      longitude,
      locale: rng.chance(store.region === 'paris' ? 0.1 : 0.04) ? 'en' : 'fr',
      consentMarketing: rng.chance(0.7) ? 1 : 0,
      ...this.preferences(rng, channel),
    };
  }

  private firstName(rng: Rng, gender: Person['gender'], birthYear: number): Named {
    if (gender === 'other') return rng.pick(this.neutral);
    let cohort = this.cohorts[0]!;
    for (const c of this.cohorts) if (birthYear >= c.from) cohort = c;
    const names = gender === 'female' ? cohort.female : cohort.male;
    return names[rng.skewedIndex(names.length)]!;
  }

  private email(rng: Rng, first: string, last: string): string {
    const r = rng.next();
    const base =
      r < 0.55
        ? `${first}.${last}`
        : r < 0.67
          ? `${first}${last}`
          : r < 0.8
            ? `${first.charAt(0)}.${last}`
            : r < 0.9
              ? `${last}.${first}`
              : `${first}_${last}`;
    // Names carry no digits, so a numbered address can never collide with another base.
    const seen = this.emailCounts.get(base) ?? 0;
    this.emailCounts.set(base, seen + 1);
    const domain = rng.chance(0.75) ? EMAIL_DOMAINS[0] : EMAIL_DOMAINS[1];
    return seen === 0 ? `${base}@${domain}` : `${base}${seen + 1}@${domain}`;
  }

  /** Zero-party data as the enrolment form collects it: 1 to 3 favourite categories and a preferred channel. */
  private preferences(rng: Rng, channel: string): { preferences: string; categories: string[] } {
    const wanted = 1 + rng.int(3);
    const picked: string[] = [];
    for (let tries = 0; picked.length < wanted && tries < 10; tries++) {
      const id = CATEGORIES[this.categoryPicker.pick(rng)]!.id;
      if (!picked.includes(id)) picked.push(id);
    }
    // Channels are plain identifiers, so the JSON is assembled without a serializer in the hot loop.
    return { preferences: `{"channels":["${channel}"]}`, categories: picked };
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I: read aloud at the till
const CODE_MASK = 0x3fffffff;

/**
 * A 6-character referral code for the n-th customer. A bijective mix of 30 bits (xor-shifts and odd multipliers are
 * invertible) makes codes unique for any n < 2^30 without a lookup, and unguessable from one another at a glance.
 */
export function referralCode(n: number, salt: number): string {
  let x = (n ^ salt) & CODE_MASK;
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d) & CODE_MASK;
  x ^= x >>> 12;
  x = Math.imul(x, 0x297a2d39) & CODE_MASK;
  x ^= x >>> 15;
  let code = '';
  for (let i = 0; i < 6; i++) {
    code += CODE_ALPHABET[x & 31];
    x >>>= 5;
  }
  return code;
}
