/**
 * "Add to Google Wallet" for a customer's card: the object is inserted over REST first (with its class), then a
 * skinny JWT naming it is signed with the service-account key, for the public URL's origin.
 */
import { AppError, notFound } from '../../errors.js';
import { cardCustomer, tierFor } from '../cards/customer-facts.js';
import { isConfigured } from './context.js';
import { objectIdOf, type Vertical } from './ids.js';
import { originOf, saveUrlOf, signSaveJwt } from './save-jwt.js';
import type { GoogleSync } from './sync.js';
import { VERTICAL, classIdFor } from './to-google.js';

export interface SaveLink {
  url: string;
  jwt: string;
  passId: number;
  objectId: string;
  classId: string;
  vertical: Vertical;
}

export interface SaveLinksDeps {
  sync: GoogleSync;
  now: () => number;
  /** The design of the customer's card when none is named (their first card's, else the default design). */
  defaultDesignOf: (customerId: number) => number | undefined;
}

export const notConfigured = (missing: string): AppError =>
  new AppError(
    'GOOGLE_NOT_CONFIGURED',
    missing === 'issuerId'
      ? 'Google Wallet is not set up: enter the issuer id in Settings → Google Wallet.'
      : 'Google Wallet is not set up: import the service-account key in Settings → Google Wallet.',
    409,
  );

export function createSaveLinks(deps: SaveLinksDeps) {
  const { sync } = deps;

  return {
    /** Whether links can be made (issuer id and key present). */
    enabled: (): boolean => isConfigured(sync.context()),

    async forCustomer(customerId: number, designId?: number, signal?: AbortSignal): Promise<SaveLink> {
      const ctx = sync.context();
      if (!isConfigured(ctx)) throw notConfigured(ctx.missing);
      const design = designId ?? deps.defaultDesignOf(customerId);
      if (design === undefined) throw new AppError('NO_DESIGN', 'There is no card design yet: create one on the Cards page first.', 409);
      let card = sync.cards.find(customerId, design);
      if (!card) {
        if (!sync.cards.customerExists(customerId)) throw notFound('Customer');
        card = sync.cards.issue(customerId, design, deps.now());
      }
      // Brought up to date first (no call when nothing changed): the link names the object's current class.
      const outcome = (await sync.syncCards([card.passId], signal)).get(card.passId);
      if (outcome?.kind !== 'ok' && card.bodyHash === null) {
        const why = outcome && 'error' in outcome ? outcome.error : 'not configured';
        throw new AppError('GOOGLE_UNAVAILABLE', `Google Wallet did not take the card: ${why}`, 502);
      }
      const content = await sync.contentOf(design);
      const facts = sync.cards.facts([card.passId])[0];
      if (!content || !facts) throw notFound('Card');
      const vertical = VERTICAL[content.kind];
      const classId = classIdFor(content, { ...ctx, designId: design }, tierFor(content, cardCustomer(facts.customer, ctx.publicUrl)));
      const objectId = objectIdOf(ctx.issuerId, ctx.namespace, card.serial);
      const jwt = signSaveJwt({
        clientEmail: ctx.key.clientEmail,
        privateKey: ctx.key.privateKeyPem,
        origins: [originOf(ctx.publicUrl)],
        objects: [{ vertical, id: objectId, classId }],
        now: deps.now(),
      });
      return { url: saveUrlOf(jwt), jwt, passId: card.passId, objectId, classId, vertical };
    },
  };
}

export type SaveLinks = ReturnType<typeof createSaveLinks>;
