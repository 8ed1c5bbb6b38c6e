import { AppError } from '../../errors.js';
import type { SigningIdentity } from './signing-identity.js';

export type PassJson = Readonly<Record<string, unknown>>;

const STYLES = ['boardingPass', 'coupon', 'eventTicket', 'generic', 'storeCard', 'posterGeneric'] as const;
const MIN_TOKEN_LENGTH = 16;

const invalid = (code: string, message: string): AppError => new AppError(code, message, 400);

function assertNonEmptyString(json: PassJson, key: string, code = 'PASS_JSON_INVALID'): void {
  const value = json[key];
  if (typeof value !== 'string' || value.length === 0) throw invalid(code, `pass.json needs a non-empty "${key}"`);
}

function assertIdentityField(json: PassJson, key: 'passTypeIdentifier' | 'teamIdentifier', expected: string): void {
  if (json[key] !== undefined && json[key] !== expected) {
    throw invalid('PASS_IDENTITY_MISMATCH', `pass.json "${key}" is not the signing certificate's (${expected})`);
  }
}

function assertWebService(json: PassJson): void {
  const url = json.webServiceURL;
  const token = json.authenticationToken;
  if (url === undefined && token === undefined) return;
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw invalid('PASS_WEB_SERVICE_URL_INVALID', 'webServiceURL must be an absolute http(s) URL, given with authenticationToken');
  }
  // Apple: "The token must be 16 characters or longer."
  if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH) {
    throw invalid('PASS_AUTH_TOKEN_INVALID', `authenticationToken must be a string of at least ${MIN_TOKEN_LENGTH} characters`);
  }
}

/**
 * Checks what Wallet requires and what this signer can vouch for, then returns the pass.json text with
 * formatVersion and the certificate's pass type and team identifiers set (a pass whose identifiers differ from
 * its certificate's is refused by Wallet, so a conflicting value is an error rather than silently replaced).
 */
export function finalizePassJson(json: PassJson, identity: SigningIdentity): string {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw invalid('PASS_JSON_INVALID', 'pass.json must be an object');
  }
  if (json.formatVersion !== undefined && json.formatVersion !== 1) {
    throw invalid('PASS_JSON_INVALID', 'pass.json formatVersion must be 1');
  }
  assertIdentityField(json, 'passTypeIdentifier', identity.passTypeIdentifier);
  assertIdentityField(json, 'teamIdentifier', identity.teamIdentifier);
  assertNonEmptyString(json, 'serialNumber', 'PASS_SERIAL_INVALID');
  assertNonEmptyString(json, 'description');
  assertNonEmptyString(json, 'organizationName');
  if (!STYLES.some((style) => json[style] !== undefined)) {
    throw invalid('PASS_JSON_INVALID', `pass.json needs a style key (${STYLES.join(', ')})`);
  }
  assertWebService(json);
  return JSON.stringify({
    formatVersion: 1,
    passTypeIdentifier: identity.passTypeIdentifier,
    teamIdentifier: identity.teamIdentifier,
    ...json,
  });
}
