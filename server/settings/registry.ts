import { Type, type TSchema } from 'typebox';
import { CategoryDefinition } from '../customers/schemas.js';
import { checkHost, checkPemCertificateFile, checkQuietHour, checkTileUrl, checkTimeZone } from './checks.js';

/**
 * Every setting a person may read or change, from the Settings screen or `passerelle settings`.
 * `db` settings live in SQLite and take effect at once; `file` settings live in `<dataDir>/config.json`
 * (listeners, URLs) and take effect at the next start. Secrets are never listed here.
 */
export interface SettingDefinition {
  store: 'db' | 'file';
  /** Property name inside config.json for `file` settings. */
  fileKey?: 'adminHost' | 'adminPort' | 'publicHost' | 'publicPort' | 'trustedProxyHops';
  /**
   * A `db` setting that an environment variable may override and that older installs kept in config.json under this
   * key (read when the database has no value; removed from the file once the setting is saved).
   */
  configKey?: 'publicUrl';
  schema: TSchema;
  default: unknown;
  description: string;
  /** CLI values arrive as text: numbers are converted before validation. */
  numeric?: boolean;
  /** CLI values arrive as text: true/false (on/off, yes/no) are converted before validation. */
  boolean?: boolean;
  /** What the schema cannot say (a host's shape, a file's content): a sentence when the value is refused. */
  check?: (value: unknown) => string | undefined;
}

const HEX_COLOUR = '^#[0-9a-fA-F]{6}$';
const HTTP_URL = '^https?://[^\\s]{1,2000}$';
const HTTP_URL_OR_EMPTY = '^(|https?://[^\\s]{1,2000})$';

export const SETTINGS = {
  'brand.name': {
    store: 'db',
    schema: Type.String({ minLength: 1, maxLength: 80 }),
    default: 'Ma boutique',
    description: 'Brand name shown on cards, pages and messages',
  },
  'brand.primaryColor': {
    store: 'db',
    schema: Type.String({ pattern: HEX_COLOUR }),
    default: '#1f4e79',
    description: 'Brand colour (#rrggbb), used as the accent of the admin UI and default card colour',
  },
  'brand.defaultLocale': {
    store: 'db',
    schema: Type.Union([Type.Literal('fr'), Type.Literal('en')]),
    default: 'fr',
    description: 'Language of cards and messages for customers whose language is unknown (fr or en)',
  },
  'brand.website': {
    store: 'db',
    schema: Type.String({ pattern: HTTP_URL_OR_EMPTY }),
    default: '',
    description: "The brand's website (http(s) URL), linked on the back of cards",
  },
  // The messages guard (messaging/guard.ts): every lock-screen message, campaign or single, goes through it.
  'messages.weeklyCap': {
    store: 'db',
    schema: Type.Integer({ minimum: 1, maximum: 7 }),
    default: 2,
    numeric: true,
    description:
      'Most messages a customer receives in any 7 days (the playbook: 1 to 2 a week). Never more than 3 in 24 hours, Google Wallet’s limit per card',
  },
  'messages.quietStart': {
    store: 'db',
    schema: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
    default: '21:00',
    check: checkQuietHour,
    description: 'Quiet hours start (HH:MM, shop time): a message due then waits until they end. Same as the end: no quiet hours',
  },
  'messages.quietEnd': {
    store: 'db',
    schema: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
    default: '09:00',
    check: checkQuietHour,
    description: 'Quiet hours end (HH:MM, shop time)',
  },
  'messages.silenceAfterPurchaseHours': {
    store: 'db',
    schema: Type.Integer({ minimum: 0, maximum: 720 }),
    default: 24,
    numeric: true,
    description: 'Hours without messages after a customer’s purchase (0: none)',
  },
  'messages.silenceAfterConversionDays': {
    store: 'db',
    schema: Type.Integer({ minimum: 0, maximum: 60 }),
    default: 7,
    numeric: true,
    description:
      'Days without messages after a conversion: a purchase within 7 days of a message the customer received (0: none)',
  },
  'messages.exposureLimit30d': {
    store: 'db',
    schema: Type.Integer({ minimum: 0, maximum: 90 }),
    default: 6,
    numeric: true,
    description:
      'Heavy exposure: a customer who received this many messages in the last 30 days gets no more until older ones age out (0: no limit)',
  },
  'customers.categories': {
    store: 'db',
    schema: Type.Array(CategoryDefinition, { maxItems: 30 }),
    default: [],
    description: 'Product categories customers may pick as favourites (enrolment and preferences pages), as JSON [{"id","label":{"fr","en"}}]',
  },
  'brand.timeZone': {
    store: 'db',
    schema: Type.String({ maxLength: 64 }),
    // Europe/Paris by default (issue 14: the shop's zone, not the box's, which may be a server in UTC).
    default: 'Europe/Paris',
    check: checkTimeZone,
    description:
      'Time zone of the shop (IANA name, e.g. Europe/Paris): opening hours, quiet hours, scheduled and recurring campaigns. Empty: this computer’s zone',
  },
  'map.tileUrl': {
    store: 'db',
    schema: Type.String({ minLength: 1, maxLength: 500 }),
    default: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    check: checkTileUrl,
    description: 'Map tiles of the Stores page: an http(s) URL with {z}, {x} and {y} (the admin page allows images from its host)',
  },
  'map.attribution': {
    store: 'db',
    schema: Type.String({ minLength: 1, maxLength: 300 }),
    default: '© OpenStreetMap contributors',
    description: 'Credit shown on the map, as the tile provider requires',
  },
  'geocoder.url': {
    store: 'db',
    schema: Type.String({ pattern: '^https?://[^\\s]{1,2000}$' }),
    default: 'https://nominatim.openstreetmap.org',
    description: 'Nominatim server for address search on the Stores page (one request per second at most)',
  },
  // In SQLite: it applies at once (everything reads it at use time) and travels with the cards in a backup, since
  // every issued pass carries it.
  'server.publicUrl': {
    store: 'db',
    configKey: 'publicUrl',
    schema: Type.String({ pattern: HTTP_URL_OR_EMPTY }),
    default: '',
    description: 'URL phones use to reach the public listener (https, the tunnel). Empty: the listener’s own address',
  },
  'tunnel.provider': {
    store: 'db',
    schema: Type.Union([Type.Literal('none'), Type.Literal('ngrok')]),
    default: 'none',
    description: 'Tunnel Passerelle starts to the public listener: none (your own address) or ngrok',
  },
  'tunnel.ngrokDomain': {
    store: 'db',
    schema: Type.String({ maxLength: 253, pattern: '^(|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$' }),
    default: '',
    description: 'Your ngrok static domain (e.g. shop-name.ngrok-free.app); its authtoken is kept apart, never listed',
  },
  'server.adminPort': {
    store: 'file',
    fileKey: 'adminPort',
    schema: Type.Integer({ minimum: 0, maximum: 65535 }),
    default: 4380,
    numeric: true,
    description: 'Port of the admin listener (127.0.0.1)',
  },
  'server.publicPort': {
    store: 'file',
    fileKey: 'publicPort',
    schema: Type.Integer({ minimum: 0, maximum: 65535 }),
    default: 4381,
    numeric: true,
    description: 'Port of the public listener, the one the tunnel points at',
  },
  'server.adminHost': {
    store: 'file',
    fileKey: 'adminHost',
    schema: Type.String({ minLength: 1, maxLength: 255, pattern: '^[0-9A-Za-z.:\\-\\[\\]]+$' }),
    default: '127.0.0.1',
    description: 'Address the admin listener binds; anything but loopback requires an admin password',
  },
  'server.publicHost': {
    store: 'file',
    fileKey: 'publicHost',
    schema: Type.String({ minLength: 1, maxLength: 255, pattern: '^[0-9A-Za-z.:\\-\\[\\]]+$' }),
    default: '127.0.0.1',
    description: 'Address the public listener binds (127.0.0.1 behind a tunnel on this computer)',
  },
  'server.trustedProxyHops': {
    store: 'file',
    fileKey: 'trustedProxyHops',
    schema: Type.Integer({ minimum: 0, maximum: 5 }),
    default: 1,
    numeric: true,
    description:
      'Proxies in front of the public listener whose X-Forwarded-For is believed: 1 behind a tunnel, 0 when phones connect directly',
  },
  'backups.keep': {
    store: 'db',
    schema: Type.Integer({ minimum: 1, maximum: 365 }),
    default: 7,
    numeric: true,
    description: 'Automatic daily backups kept in the data folder’s backups/ (the oldest beyond this are deleted)',
  },
  // In SQLite rather than config.json: the sender reads them at every (re)connection, so a change made with the
  // CLI or the UI reaches the running server without a restart; and they travel with the Pass Type ID identity
  // (also in the database) in a backup, since both describe how this brand's passes are pushed.
  'apns.host': {
    store: 'db',
    schema: Type.String({ minLength: 1, maxLength: 253, pattern: '^[0-9A-Za-z.:-]+$' }),
    default: 'api.push.apple.com',
    check: checkHost,
    description: 'APNs host for pass update pushes: Apple’s production host, or a stand-in for tests',
  },
  'apns.port': {
    store: 'db',
    schema: Type.Integer({ minimum: 1, maximum: 65535 }),
    default: 443,
    numeric: true,
    description: 'APNs port (Apple: 443, or 2197)',
  },
  'apns.caFile': {
    store: 'db',
    schema: Type.String({ maxLength: 4096 }),
    default: '',
    check: checkPemCertificateFile,
    description: 'PEM file of the CA to trust for the APNs host (absolute path). Empty: the system CAs, as for Apple',
  },
  // Google Wallet (the service-account key itself is a secret, kept with the issuer account: passes/google).
  'google.issuerId': {
    store: 'db',
    schema: Type.String({ pattern: '^(|[0-9]{1,19})$' }),
    default: '',
    description: 'Google Wallet issuer id (the number in the Google Pay & Wallet Console). Empty: Google Wallet is off',
  },
  'google.merchantLocations': {
    store: 'db',
    schema: Type.Boolean(),
    default: false,
    boolean: true,
    description:
      'Put the 10 stores nearest each customer on their Google card (notifications near a store). Google must allowlist the issuer first',
  },
  'google.apiUrl': {
    store: 'db',
    schema: Type.String({ pattern: HTTP_URL }),
    default: 'https://walletobjects.googleapis.com',
    description: 'Google Wallet API root (Google’s, or a stand-in for tests)',
  },
  'google.tokenUrl': {
    store: 'db',
    schema: Type.String({ pattern: HTTP_URL }),
    default: 'https://oauth2.googleapis.com/token',
    description: 'OAuth token endpoint the service account signs in at (Google’s, or a stand-in for tests)',
  },
  'google.keysUrl': {
    store: 'db',
    schema: Type.String({ pattern: HTTP_URL }),
    default: 'https://pay.google.com/gp/m/issuer/keys',
    description: 'Where Google publishes the keys that sign save/delete callbacks (Google’s, or a stand-in for tests)',
  },
  'google.callbackSenderId': {
    store: 'db',
    schema: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }),
    default: 'GooglePayPasses',
    description: 'Sender id Google signs callbacks with (GooglePayPasses; some Google pages say GoogleWalletPasses)',
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingKey = keyof typeof SETTINGS;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
