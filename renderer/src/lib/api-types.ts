/**
 * The admin API's payloads, as the server contract states them. Hand-written for now; once the server exports its
 * TypeBox `Static<>` types from a contract module, these become `import type` re-exports of those.
 */
export type Mode = 'headless' | 'desktop';
export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

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
  /** Per wallet (by phone OS). */
  wallets: { apple: WalletFigures; google: WalletFigures };
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

/** One line of `GET /api/designs`. */
export interface DesignSummary {
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

/*
 * Card designs: a hand-written mirror of the TypeBox contract in server/passes/design/schema.ts (the renderer never
 * imports server code). Keep the two in step.
 */
export const DESIGN_KINDS = ['loyalty', 'coupon', 'eventTicket', 'giftCard', 'generic'] as const;
export type DesignKind = (typeof DESIGN_KINDS)[number];

/** A text people read, in both card languages. */
export interface Text {
  fr: string;
  en: string;
}

export interface Colours {
  background: string;
  foreground: string;
  label: string;
}
export type ColourRole = keyof Colours;
export const COLOUR_ROLES: readonly ColourRole[] = ['background', 'foreground', 'label'];

export const IMAGE_ROLES = ['logo', 'icon', 'strip', 'thumbnail', 'background'] as const;
export type ImageRole = (typeof IMAGE_ROLES)[number];
/** Uploaded images by role: the SHA-256 id the image pipeline gave them. */
export type Images = Partial<Record<ImageRole, string>>;

export type FieldAlign = 'natural' | 'left' | 'center' | 'right';

export interface Field {
  key: string;
  label: Text;
  value: Text;
  /** Lock-screen text when the value changes; `%@` stands for the new value. */
  changeMessage?: Text;
  align?: FieldAlign;
}

export const ZONES = ['header', 'primary', 'secondary', 'auxiliary', 'back'] as const;
export type Zone = (typeof ZONES)[number];
export type Fields = Record<Zone, Field[]>;

export const BARCODE_FORMATS = ['qr', 'pdf417', 'aztec', 'code128', 'none'] as const;
export type BarcodeFormat = (typeof BARCODE_FORMATS)[number];

export interface Barcode {
  format: BarcodeFormat;
  message: string;
  altText?: string;
}

export interface Link {
  label: Text;
  url: string;
}

export interface TierVariant {
  id: string;
  label: Text;
  minPoints: number;
  colours?: Partial<Colours>;
  strip?: string;
}

export type Expiry = { kind: 'none' } | { kind: 'date'; date: string } | { kind: 'afterIssue'; days: number };
export type ExpiryKind = Expiry['kind'];

export interface DesignContent {
  kind: DesignKind;
  brandName: string;
  description: Text;
  colours: Colours;
  images: Images;
  fields: Fields;
  barcode: Barcode;
  links: Link[];
  tiers: TierVariant[];
  expiry: Expiry;
  message: { label: Text };
}

export interface Design {
  id: number;
  name: string;
  version: number;
  isDefault: boolean;
  content: DesignContent;
  createdAt: number;
  updatedAt: number;
}

/** A validation finding; `path` is a JSON pointer into the content (`/colours/foreground`, `/tiers/1/minPoints`). */
export interface DesignIssue {
  path: string;
  code: string;
  severity: 'error' | 'warning';
  message: Text;
}

export interface DesignWithIssues {
  design: Design;
  issues: DesignIssue[];
}

export interface NewDesign {
  name: string;
  kind: DesignKind;
}

export interface DesignUpdate {
  name: string;
  content: DesignContent;
  /** The version the edit started from; the server answers 409 VERSION_CONFLICT if it moved on. */
  version: number;
}

export interface PlaceholderInfo {
  name: string;
  description: Text;
  example: string;
}

export const IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
export type ImageMime = (typeof IMAGE_MIME_TYPES)[number];

export interface UploadedImage {
  id: string;
  mime: string;
  width: number;
  height: number;
  byteSize: number;
}

/** The pixel size an image role needs on a kind of card, at one screen scale (@1x, @2x, @3x). */
export interface ImageRoleSize {
  role: ImageRole;
  kind: DesignKind;
  scale: 1 | 2 | 3;
  width: number;
  height: number;
  /** exact: cropped to fill the box; within: fitted inside it. */
  fit: 'exact' | 'within';
}

/* Apple signing identity and pass exports (server/passes/identity, server/passes/exports). Times are epoch ms. */
export type AppleIdentitySource = 'development' | 'imported';

export interface AppleIdentity {
  source: AppleIdentitySource;
  passTypeIdentifier: string;
  teamIdentifier: string;
  subject: string;
  expiresAt: number;
  /** Within 30 days of expiry, or expired. */
  expiresSoon: boolean;
  expired: boolean;
  wwdrSubject: string;
  wwdrExpiresAt: number;
}

/** Files travel as base64 inside the JSON body. */
export type AppleImport =
  | { p12Base64: string; password: string; wwdrBase64?: string; wwdrPem?: string }
  | { certPem: string; keyPem: string; keyPassphrase?: string; wwdrBase64?: string; wwdrPem?: string };

/** The input of the import form an error is about (`field` of a 400 from POST /api/settings/apple). */
export type AppleImportField = 'p12' | 'password' | 'cert' | 'key' | 'keyPassphrase' | 'wwdr';

export interface DownloadedWwdr {
  wwdrPem: string;
  subject: string;
  expiresAt: number;
}

export interface PassExportStatus {
  id: number;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  error?: string;
}

/** A customer's Apple pass (issued on first request): GET /api/customers/:id/pass. */
export interface CustomerPassInfo {
  serial: string;
  designId: number;
  version: number;
  passTypeIdentifier: string;
  /** Public link of the .pkpass: what the QR code opens. */
  downloadUrl: string;
  /** Public link of the QR code PNG, for e-mails. */
  qrUrl: string;
}

/* Apple Wallet: cards in wallets, updates, device logs (server/passes/apple/admin-routes.ts). Times are epoch ms. */
export type WalletPlatform = 'apple' | 'google';
export type WalletEventKind = 'installed' | 'uninstalled' | 'updated' | 'message';

export interface WalletEvent {
  id: number;
  passId: number | null;
  platform: WalletPlatform;
  kind: WalletEventKind;
  /** `reason` (design, points, tier, message, unregistered, apns-410…) and what goes with it. */
  detail: Record<string, unknown>;
  occurredAt: number;
}

export interface DeviceLogEntry {
  id: number;
  message: string;
  receivedAt: number;
  /** The customer whose card the line names, when it names one. */
  customerId: number | null;
  customerName: string | null;
}

export interface CustomerWallet {
  customerId: number;
  points: number;
  tier: string;
  installed: boolean;
  /** Devices holding one of the customer's cards. */
  devices: number;
  /** In Apple Wallet (a device registered the card), in Google Wallet (its latest callback was a save). */
  wallets: { apple: boolean; google: boolean };
  passes: Array<{ serial: string; platform: string; version: number; devices: number; updatedAt: number }>;
  /** The latest lock-screen message on the customer's Apple cards ('' for none). */
  message: string;
  /** Newest first. */
  events: WalletEvent[];
  logs: DeviceLogEntry[];
}

export interface WalletDeviceCount {
  customerId: number;
  devices: number;
}

export type PointsReason = 'adjustment' | 'reward' | 'purchase' | 'referral' | 'expiry';

export interface PointsResult {
  balance: number;
  tier: string;
  previousTier: string;
  passes: number;
  pushes: number;
}

export interface DeviceLogPage {
  total: number;
  items: DeviceLogEntry[];
}

/** GET /api/wallet/apns. */
export type ApnsPushesState = 'running' | 'waiting-certificate' | 'restart-needed';

export interface ApnsStatus {
  ok: boolean;
  /** APNs' reason (BadCertificate, …) or the server's own (UntrustedServer, InvalidIdentity, …). */
  code?: string;
  /** The server's sentence, in English. */
  message?: string;
  at: number;
}

export interface ApnsView {
  pushes: ApnsPushesState;
  /** What APNs last said; null before the first push. */
  status: ApnsStatus | null;
}

/** Google Wallet (Settings → Google Wallet; GET/PUT /api/settings/google). */
export interface GoogleSettingsView {
  issuerId: string;
  merchantLocations: boolean;
  apiUrl: string;
  tokenUrl: string;
  keysUrl: string;
  senderId: string;
  serviceAccount: { clientEmail: string; projectId: string; keyId: string; fingerprint: string; savedAt: number } | null;
  configured: boolean;
  callbackUrl: string;
  publicUrlIsHttps: boolean;
  status: { lastError: string | null; lastErrorAt: number | null; lastOkAt: number | null };
  cards: { cards: number; synced: number; errors: number; pending: number };
}

export type GoogleTestStepName = 'issuerId' | 'serviceAccount' | 'token' | 'issuerAccess' | 'publicUrl';

export interface GoogleTestResult {
  ok: boolean;
  steps: Array<{ step: GoogleTestStepName; ok: boolean; message: string }>;
}

export interface GoogleSaveLink {
  url: string;
  objectId: string;
  classId: string;
  vertical: string;
}

/** Google's LocalizedString. */
export interface GoogleLocalized {
  defaultValue: { language: string; value: string };
  translatedValues?: Array<{ language: string; value: string }>;
}

/** What Google receives for a design and a sample customer: its class and object. */
export interface GooglePreview {
  vertical: 'loyalty' | 'offer' | 'giftCard' | 'eventTicket' | 'generic';
  class: Record<string, unknown>;
  object: Record<string, unknown>;
}

export interface WalletFigures {
  installed: number;
  installs30d: number;
  uninstalls30d: number;
}
