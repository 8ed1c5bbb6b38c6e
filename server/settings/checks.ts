/**
 * Checks of setting values that a JSON schema cannot express. Each returns a sentence for the person who typed the
 * value, or undefined when the value is fine.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute } from 'node:path';

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

export function checkHost(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a host name or an IP address';
  if (isIP(value) !== 0) return undefined;
  if (value.length <= 253 && HOSTNAME.test(value)) return undefined;
  return `"${value}" is neither a host name nor an IP address`;
}

/** Empty, or the absolute path of a readable file holding at least one PEM certificate. */
export function checkPemCertificateFile(value: unknown): string | undefined {
  if (value === '') return undefined;
  if (typeof value !== 'string') return 'must be a file path';
  if (!isAbsolute(value)) return `"${value}" must be an absolute path`;
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (err) {
    return `cannot read ${value} (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
  if (!first) return `${value} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`;
  try {
    new X509Certificate(first[0]);
  } catch {
    return `${value} holds a PEM block that is not a readable certificate`;
  }
  return undefined;
}

/** A tile URL template: http(s), with the {z}/{x}/{y} Leaflet fills in (and at most {s} for subdomains). */
export function checkTileUrl(value: unknown): string | undefined {
  const url = String(value);
  if (!/^https?:\/\//.test(url)) return 'must start with http:// or https://';
  if (!['{z}', '{x}', '{y}'].every((p) => url.includes(p))) return 'must contain {z}, {x} and {y}';
  if (!URL.canParse(url.replaceAll(/\{[a-z]\}/g, '0'))) return 'is not a URL';
  if (/[\s;,'"]/.test(url)) return 'must not contain spaces, quotes, commas or semicolons';
  return undefined;
}

export function checkTimeZone(value: unknown): string | undefined {
  const zone = String(value);
  if (zone === '') return undefined;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return undefined;
  } catch {
    return `unknown time zone "${zone}" (an IANA name such as Europe/Paris)`;
  }
}

/** HH:MM on a 24-hour clock. */
export function checkQuietHour(value: unknown): string | undefined {
  return typeof value === 'string' && /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(value) ? undefined : 'must be a time such as 21:00';
}
