/**
 * Which identity signs Apple passes: the imported Pass Type ID certificate when there is one, otherwise a local
 * development identity made on first need. Parsed once and cached; every call checks one short row so that a change
 * made by another process (the CLI while the server runs) is picked up at the next pass. Changes made through this
 * store are also announced to `onChange` listeners (the running server's pushes switch certificate at once); another
 * process's changes are not, and whoever must follow them looks again on its own schedule.
 */
import { X509Certificate, createHash } from 'node:crypto';
import type { Db } from '../../../db/connection.js';
import { AppError } from '../../../errors.js';
import { createDevIdentity } from '../dev-identity.js';
import { createSigningIdentity, type SigningIdentity, type SigningIdentityPems } from '../signing-identity.js';
import { expiryOf, subjectLine } from './certificates.js';
import type { CheckedIdentity } from './import.js';

export type IdentitySource = 'development' | 'imported';

/** What Settings shows (GET /api/settings/apple). Times are epoch ms. */
export interface IdentityView {
  source: IdentitySource;
  passTypeIdentifier: string;
  teamIdentifier: string;
  subject: string;
  expiresAt: number;
  /** Within 30 days of expiry (or past it): time to renew the certificate in the Apple developer account. */
  expiresSoon: boolean;
  expired: boolean;
  wwdrSubject: string;
  wwdrExpiresAt: number;
}

export interface CurrentIdentity {
  source: IdentitySource;
  identity: SigningIdentity;
  /** For worker threads, which import the key themselves. */
  pems: SigningIdentityPems;
  /** SHA-256 of the certificate: part of every cache key of signed bytes. */
  fingerprint: string;
}

interface Row {
  source: IdentitySource;
  certificate_pem: string;
  private_key_pem: string;
  wwdr_pem: string;
  pass_type_identifier: string;
  team_identifier: string;
  not_after: number;
  fingerprint: string;
}

export const EXPIRY_WARNING_MS = 30 * 86_400_000;
/** A development identity this close to expiry is replaced rather than used. */
const DEV_RENEW_MS = 86_400_000;
const ACTIVE = `SELECT * FROM signing_identities ORDER BY source = 'imported' DESC LIMIT 1`;

const fingerprintOf = (pem: string): string => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

export function createIdentityStore(db: Db, now: () => number = Date.now) {
  const active = db.prepare<[], Row>(ACTIVE);
  const activeHead = db.prepare<[], { source: IdentitySource; fingerprint: string }>(
    `SELECT source, fingerprint FROM signing_identities ORDER BY source = 'imported' DESC LIMIT 1`,
  );
  const devRow = db.prepare<[], Row>(`SELECT * FROM signing_identities WHERE source = 'development'`);
  const upsert = db.prepare(
    `INSERT INTO signing_identities (source, certificate_pem, private_key_pem, wwdr_pem, pass_type_identifier, team_identifier,
       not_after, fingerprint, created_at) VALUES (@source, @certificate_pem, @private_key_pem, @wwdr_pem, @pass_type_identifier,
       @team_identifier, @not_after, @fingerprint, @created_at)
     ON CONFLICT (source) DO UPDATE SET certificate_pem = excluded.certificate_pem, private_key_pem = excluded.private_key_pem,
       wwdr_pem = excluded.wwdr_pem, pass_type_identifier = excluded.pass_type_identifier,
       team_identifier = excluded.team_identifier, not_after = excluded.not_after, fingerprint = excluded.fingerprint,
       created_at = excluded.created_at`,
  );
  const removeImported = db.prepare(`DELETE FROM signing_identities WHERE source = 'imported'`);
  let cached: CurrentIdentity | undefined;
  const listeners = new Set<() => void>();

  function changed(): void {
    cached = undefined;
    for (const listener of [...listeners]) listener();
  }

  function rowFor(source: IdentitySource, pems: CheckedIdentity['pems'], identity: SigningIdentity): Row & { created_at: number } {
    return {
      source,
      certificate_pem: pems.certificatePem,
      private_key_pem: pems.privateKeyPem,
      wwdr_pem: pems.wwdrPem,
      pass_type_identifier: identity.passTypeIdentifier,
      team_identifier: identity.teamIdentifier,
      not_after: identity.notAfter.getTime(),
      fingerprint: fingerprintOf(pems.certificatePem),
      created_at: now(),
    };
  }

  /** Makes (or renews) the development identity; two processes racing both end up using the one stored. */
  function ensureDevelopment(): void {
    const existing = devRow.get();
    if (existing && existing.not_after - DEV_RENEW_MS > now()) return;
    const t = now();
    const dev = createDevIdentity({ notBefore: new Date(t - DEV_RENEW_MS), notAfter: new Date(t + 365 * 86_400_000) });
    const pems = { certificatePem: dev.certificatePem, privateKeyPem: dev.privateKeyPem, wwdrPem: dev.wwdrPem };
    const identity = createSigningIdentity(pems, { now: new Date(now()) });
    db.transaction(() => {
      const again = devRow.get();
      if (!again || again.fingerprint === existing?.fingerprint) upsert.run(rowFor('development', pems, identity));
    })();
  }

  function load(row: Row): CurrentIdentity {
    const pems = { certificatePem: row.certificate_pem, privateKeyPem: row.private_key_pem, wwdrPem: row.wwdr_pem };
    let identity: SigningIdentity;
    try {
      identity = createSigningIdentity(pems, { now: new Date(now()) });
    } catch (err) {
      if (err instanceof AppError && err.code === 'CERT_EXPIRED') {
        throw new AppError(
          'SIGNING_IDENTITY_EXPIRED',
          `The Pass Type ID certificate expired on ${new Date(row.not_after).toISOString().slice(0, 10)}. ` +
            'Renew it in your Apple developer account and import the new one in Settings.',
          409,
        );
      }
      throw err;
    }
    return { source: row.source, identity, pems, fingerprint: row.fingerprint };
  }

  function current(): CurrentIdentity {
    const head = activeHead.get();
    if (cached && head && head.source === cached.source && head.fingerprint === cached.fingerprint) {
      if (cached.source === 'imported' || cached.identity.notAfter.getTime() - DEV_RENEW_MS > now()) return cached;
    }
    if (!head || head.source === 'development') ensureDevelopment();
    cached = load(active.get()!);
    return cached;
  }

  function view(): IdentityView {
    if (activeHead.get()?.source !== 'imported') ensureDevelopment();
    const row = active.get()!;
    const cert = new X509Certificate(row.certificate_pem);
    const wwdr = new X509Certificate(row.wwdr_pem);
    const left = row.not_after - now();
    return {
      source: row.source,
      passTypeIdentifier: row.pass_type_identifier,
      teamIdentifier: row.team_identifier,
      subject: subjectLine(cert),
      expiresAt: row.not_after,
      expiresSoon: left < EXPIRY_WARNING_MS,
      expired: left <= 0,
      wwdrSubject: subjectLine(wwdr),
      wwdrExpiresAt: expiryOf(wwdr),
    };
  }

  return {
    current,
    view,
    /** Replaces the imported identity with one `checkAppleImport` accepted: one statement, all or nothing. */
    saveImported(checked: CheckedIdentity): IdentityView {
      upsert.run(rowFor('imported', checked.pems, checked.identity));
      const saved = view();
      changed();
      return saved;
    },
    /** Back to the development identity (made if there is none). */
    removeImported(): IdentityView {
      removeImported.run();
      const back = view();
      changed();
      return back;
    },
    /**
     * Calls `listener` after each saveImported/removeImported through this store, once the change is stored. Listeners
     * run synchronously inside that call and must not throw (start async work and return). Returns the unsubscribe.
     */
    onChange(listener: () => void): () => void {
      const own = () => listener();
      listeners.add(own);
      return () => void listeners.delete(own);
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
