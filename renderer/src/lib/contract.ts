/**
 * The API's payloads as the server declares them: types only, from each feature's `schemas.ts` (the one contract;
 * TypeBox `Static<>` types). The renderer never imports server code at run time (a boundary test says so), so the
 * few lists of values the UI iterates over are written here, each checked against the server's type below: a value
 * added or removed on one side breaks the typecheck.
 */
import type { SessionState } from '../../../server/auth/schemas.js';
import type { Overview } from '../../../server/analytics/schemas.js';
import type { CustomerListItem } from '../../../server/customers/schemas.js';
import type { BackupFileView, BackupsView, RestoreReportView } from '../../../server/backups/schemas.js';
import type { DemoResult } from '../../../server/demo/schemas.js';
import type { JobQueue, FailedJob } from '../../../server/jobs/schemas.js';
import type { PointsResult, Tier } from '../../../server/loyalty/schemas.js';
import type { ApnsStatusView, ApnsView } from '../../../server/passes/apple/apns/schemas.js';
import type { AppleIdentityView, CsrView, P12Import, PemImport } from '../../../server/passes/apple/identity/schemas.js';
import type { HealthReport, CheckLineView } from '../../../server/health/schemas.js';
import type { BrandStep, SetupView, SetupStepView, TestCardView } from '../../../server/setup/schemas.js';
import type { PublicAddressUpdate, PublicAddressView, SelfTestReport, SelfTestStep, TunnelStateView } from '../../../server/tunnel/schemas.js';
import type { CustomerWallet, DeviceLog, InstallCounts } from '../../../server/passes/apple/schemas.js';
import type { WalletEvent } from '../../../server/passes/cards/schemas.js';
import type {
  Barcode,
  Colours,
  Design,
  DesignContent,
  DesignIssue,
  DesignKind,
  Expiry,
  Field,
  Fields,
  Images,
  ImageRole,
  Link,
  Locale,
  Text,
  TierVariant,
  Zone,
} from '../../../server/passes/design/schema.js';
import type { DesignSummary, DesignUpdate, DesignWithIssues, NewDesign, PlaceholderInfo } from '../../../server/passes/design/schemas.js';
import type { CustomerPassInfo, PassExportStatus } from '../../../server/passes/exports/schemas.js';
import type { GooglePreview, GoogleSaveLink, GoogleSettingsView, GoogleTestResult } from '../../../server/passes/google/schemas.js';
import type { LocalizedString as GoogleLocalized } from '../../../server/passes/google/localized.js';
import type { ImageMime, ImageRoleSize, UploadedImage } from '../../../server/passes/images/schemas.js';
import type {
  ApiKeyView,
  API_SCOPES,
  CreatedApiKey,
  CrmConnectionInput,
  CrmConnectionView,
  ImportCheck,
  ImportKind,
  ImportMapping,
  ImportRowProblem as CsvRowProblem,
  ImportUpload,
  ImportView,
  WEBHOOK_TYPES,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
} from '../../../server/integrations/schemas.js';
import type { Brand, SettingsView } from '../../../server/settings/schemas.js';
import type {
  GeocodeResult,
  HoursException,
  ImportReport,
  MapConfig,
  OpeningHours,
  Radius,
  Store,
  StoreInput,
  StoreList,
  TimeRange,
  Weekday,
} from '../../../server/stores/schemas.js';

export type {
  ApiKeyView,
  CreatedApiKey,
  CrmConnectionInput,
  CrmConnectionView,
  CsvRowProblem,
  ImportCheck,
  ImportKind,
  ImportMapping,
  ImportUpload,
  ImportView,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  BrandStep,
  CheckLineView as HealthLine,
  CsrView,
  HealthReport,
  PublicAddressUpdate,
  PublicAddressView,
  SelfTestReport,
  SelfTestStep,
  SetupStepView,
  SetupView,
  TestCardView,
  TunnelStateView,
  GeocodeResult,
  HoursException,
  ImportReport,
  MapConfig,
  Radius,
  StoreInput,
  StoreList,
  TimeRange as Slot,
  ApnsView,
  AppleIdentityView as AppleIdentity,
  BackupFileView as BackupFile,
  BackupsView,
  Barcode,
  Brand,
  Colours,
  CustomerPassInfo,
  CustomerWallet,
  DemoResult,
  Design,
  DesignContent,
  DesignIssue,
  DesignKind,
  DesignSummary,
  DesignUpdate,
  DesignWithIssues,
  DeviceLog as DeviceLogEntry,
  Expiry,
  FailedJob,
  Field,
  GoogleLocalized,
  GooglePreview,
  GoogleSaveLink,
  GoogleSettingsView,
  GoogleTestResult,
  Fields,
  ImageMime,
  ImageRole,
  ImageRoleSize,
  Images,
  JobQueue,
  Link,
  Locale,
  NewDesign,
  OpeningHours,
  Overview,
  PassExportStatus,
  PlaceholderInfo,
  PointsResult,
  RestoreReportView as RestoreReport,
  SessionState as SessionInfo,
  SettingsView as Settings,
  Store,
  Text,
  TierVariant,
  UploadedImage,
  WalletEvent,
  Weekday,
  Zone,
};

export type Mode = SessionState['mode'];
export type Customer = CustomerListItem;
/** A tier of the loyalty programme (its name and threshold); a design holds only each tier's look (TierVariant). */
export type ProgrammeTier = Tier;
export interface CustomerPage {
  total: number;
  items: Customer[];
}
export type ServerInfo = SettingsView['server'];
export interface ItemList<T> {
  items: T[];
}
export type ColourRole = keyof Colours;
export type FieldAlign = NonNullable<Field['align']>;
export type BarcodeFormat = Barcode['format'];
export type ExpiryKind = Expiry['kind'];
export type AppleIdentitySource = AppleIdentityView['source'];
/** Files travel as base64 inside the JSON body. */
export type AppleImport = P12Import | PemImport;
/** The input of the import form an error is about (`field` of a 400 from POST /api/settings/apple). */
export type AppleImportField = 'p12' | 'password' | 'cert' | 'key' | 'keyPassphrase' | 'wwdr';
export type WalletPlatform = WalletEvent['platform'];
export type SetupStepId = SetupStepView['id'];
export type PublicUrlIssue = NonNullable<PublicAddressView['issue']>;
export type CheckStatus = CheckLineView['status'];
export type WalletEventKind = WalletEvent['kind'];
export interface WalletDeviceCount {
  customerId: number;
  devices: number;
}
export type PointsReason = 'adjustment' | 'reward' | 'purchase' | 'referral' | 'expiry';
export interface DeviceLogPage {
  total: number;
  items: DeviceLog[];
}
export type ApnsPushesState = ApnsView['pushes'];
export type ApnsStatus = ApnsStatusView;
export type WalletFigures = Overview['wallets']['apple'];
export type GoogleTestStepName = GoogleTestResult['steps'][number]['step'];
export interface WalletStats {
  apple: InstallCounts;
  google: InstallCounts;
}
export interface DownloadedWwdr {
  wwdrPem: string;
  subject: string;
  expiresAt: number;
}

/** True only when A and B are the same union: a list below that misses or adds a value fails the typecheck. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exactly = <T>() => <const L extends readonly T[]>(list: L & (Same<L[number], T> extends true ? unknown : never)) => list;

export type ApiScope = (typeof API_SCOPES)[number];
export type WebhookType = (typeof WEBHOOK_TYPES)[number];
export type CrmProvider = CrmConnectionView['provider'];

export const LOCALES = exactly<Locale>()(['fr', 'en']);
export const API_SCOPE_LIST = exactly<ApiScope>()(['customers:read', 'customers:write', 'purchases:write', 'events:write']);
export const WEBHOOK_TYPE_LIST = exactly<WebhookType>()(['card.installed', 'card.uninstalled', 'customer.enrolled', 'purchase.recorded', 'tier.changed', 'reward.redeemed']);
export const SETUP_STEPS = exactly<SetupStepId>()(['brand', 'password', 'address', 'apple', 'google', 'card']);
export const WEEKDAYS = exactly<Weekday>()(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export const RADII = exactly<Radius>()([100, 200, 500]);
export const DESIGN_KINDS = exactly<DesignKind>()(['loyalty', 'coupon', 'eventTicket', 'giftCard', 'generic']);
export const COLOUR_ROLES = exactly<ColourRole>()(['background', 'foreground', 'label']);
export const IMAGE_ROLES = exactly<ImageRole>()(['logo', 'icon', 'strip', 'thumbnail', 'background']);
export const ZONES = exactly<Zone>()(['header', 'primary', 'secondary', 'auxiliary', 'back']);
export const BARCODE_FORMATS = exactly<BarcodeFormat>()(['qr', 'pdf417', 'aztec', 'code128', 'none']);
export const IMAGE_MIME_TYPES = exactly<ImageMime>()(['image/png', 'image/jpeg', 'image/svg+xml']);
