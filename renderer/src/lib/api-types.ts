/**
 * The admin API's payloads, as the server contract states them. Hand-written for now; once the server exports its
 * TypeBox `Static<>` types from a contract module, these become `import type` re-exports of those.
 */
export type Mode = 'headless' | 'desktop';
export type Locale = 'fr' | 'en';

export interface SessionInfo {
  authenticated: boolean;
  passwordLogin: boolean;
  mode: Mode;
  version: string;
}

export interface Overview {
  customers: number;
  stores: number;
  designs: number;
  passes: number;
  purchases: number;
  installedPasses: number;
  empty: boolean;
}

export interface Customer {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  city: string | null;
  tier: string | null;
  pointsBalance: number;
  createdAt: number;
  purchaseCount: number;
  totalSpentCents: number;
  lastPurchaseAt: number | null;
}

export interface CustomerPage {
  total: number;
  items: Customer[];
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type OpeningHours = Partial<Record<Weekday, [string, string][]>>;

export interface Store {
  id: number;
  name: string;
  address: string;
  postcode: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  radiusM: number;
  openingHours: OpeningHours;
}

export type DesignKind = 'loyalty' | 'coupon' | 'eventTicket' | 'giftCard' | 'generic';

export interface Design {
  id: number;
  name: string;
  kind: DesignKind;
  version: number;
  isDefault: boolean;
  updatedAt: number;
}

export interface Brand {
  name: string;
  primaryColor: string;
  defaultLocale: Locale;
  website: string;
}

export interface ServerInfo {
  adminUrl: string;
  publicUrl: string;
  publicUrlSource: 'setting' | 'listener';
  adminPort: number;
  publicPort: number;
}

export interface Settings {
  brand: Brand;
  server: ServerInfo;
}

export interface DemoResult {
  stores: number;
  customers: number;
  purchases: number;
  designs: number;
}

export interface ItemList<T> {
  items: T[];
}
