/**
 * "Authorization: ApplePass <authenticationToken>" checked against the pass named in the URL (reference/apple-wallet.md
 * §1.1–1.2): the token is bound to its (passTypeIdentifier, serialNumber), so a valid token of another pass is as
 * wrong as a made-up one. An unknown pass, a pass of another type and a wrong token all get the same 401 after the
 * same constant-time comparison, so the answer does not tell which serial numbers exist (see routes.ts on 401 vs 404).
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../db/connection.js';
import { safeEqual } from '../../../auth/tokens.js';
import type { AccessVerifier } from '../../../http/access.js';
import { toPass, type PassRow, type PassTableRow } from '../../cards/passes-repository.js';

export interface WebServicePass extends PassRow {
  updateTag: number;
}

interface Row extends PassTableRow {
  update_tag: number;
}

const SCHEME = /^ApplePass +([\x21-\x7e]{1,256})$/i;
// Compared against when there is no pass, so that an unknown serial costs what a known one does.
const NO_TOKEN = 'no pass has this token; it only keeps the comparison running';

/** The token of an `ApplePass` Authorization header, or undefined. */
export function applePassToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  return SCHEME.exec(header.trim())?.[1];
}

export function createPassAuth(db: Db) {
  const bySerial = db.prepare<[string], Row>(
    `SELECT id, customer_id, design_id, serial, pass_type_identifier, auth_token, download_id, version, updated_at, created_at,
            message, update_tag
     FROM passes WHERE serial = ? AND platform = 'apple'`,
  );

  return {
    /** The pass when `authorization` carries its token and the pass has that type; undefined otherwise. */
    authorize(passTypeIdentifier: string, serial: string, authorization: string | string[] | undefined): WebServicePass | undefined {
      const token = applePassToken(authorization);
      const row = bySerial.get(serial);
      const expected = row && row.pass_type_identifier === passTypeIdentifier ? row.auth_token : NO_TOKEN;
      const matches = safeEqual(token ?? '', expected);
      if (!row || !token || !matches || expected === NO_TOKEN) return undefined;
      return { ...toPass(row), updateTag: row.update_tag };
    },
  };
}

const UNAUTHORIZED = { code: 'UNAUTHENTICATED', message: 'This pass does not accept that authentication token.' };
const authorized = new WeakMap<FastifyRequest, WebServicePass>();

/**
 * The `applePass` access (http/access.ts): runs once the params are validated, checks the token against the pass the
 * URL names, and hands that pass to the handler (authorizedPass).
 */
export function applePassAccess(db: Db): AccessVerifier {
  const auth = createPassAuth(db);
  return {
    stage: 'preHandler',
    verify(request, reply) {
      const { passTypeIdentifier, serialNumber } = request.params as { passTypeIdentifier?: string; serialNumber?: string };
      const pass =
        passTypeIdentifier && serialNumber ? auth.authorize(passTypeIdentifier, serialNumber, request.headers.authorization) : undefined;
      if (!pass) {
        reply.status(401).send(UNAUTHORIZED);
        return false;
      }
      authorized.set(request, pass);
      return true;
    },
  };
}

/** The pass whose token the `applePass` access accepted for this request. */
export function authorizedPass(request: FastifyRequest): WebServicePass {
  const pass = authorized.get(request);
  if (!pass) throw new Error('authorizedPass() on a route whose access is not applePass');
  return pass;
}
