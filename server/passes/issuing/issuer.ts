/**
 * Issuing Apple passes: the pass row of a customer (created on first need), and its signed bytes, built from the
 * design's current version, the customer's data and the current signing identity, and cached by all of those.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { AppError, notFound } from '../../errors.js';
import { createPackager, type PassInput, type Packager } from '../apple/packager.js';
import type { DesignsRepository } from '../design/designs-repository.js';
import type { DesignContent, Locale } from '../design/schema.js';
import { toApplePassJson } from '../design/to-apple.js';
import type { CurrentIdentity, IdentityStore } from '../identity/identity-store.js';
import { defaultIconSvg } from '../images/default-icon.js';
import type { ImagePipeline } from '../images/pipeline.js';
import { createBytesCache, type BytesCache } from './bytes-cache.js';
import { cardCustomer, createCustomerFacts, tierFor, type CustomerRow } from './customer-facts.js';
import { createPassesRepository, type PassRow, type PassesRepository } from './passes-repository.js';

export interface IssuerDeps {
  db: Db;
  now: () => number;
  /** The URL phones use (services.urls.public()). */
  publicUrl: () => string;
  defaultLocale: () => Locale;
  identity: IdentityStore;
  images: ImagePipeline;
  designs: DesignsRepository;
}

/** Everything one pass is built from, ready for the packager here or in a worker thread. */
export interface PreparedPass {
  cacheKey: string;
  input: PassInput;
  identity: CurrentIdentity;
}

interface DesignAt {
  id: number;
  version: number;
  /** id, version and save time: names this content exactly. */
  key: string;
  content: DesignContent;
}

const DESIGN_CACHE_SIZE = 16;

/** Where Wallet reaches the web service of these passes (served on the public listener by a later feature). */
export const webServiceUrlOf = (publicUrl: string): string => `${publicUrl}/apple`;

export function createPassIssuer(deps: IssuerDeps, options: { cache?: BytesCache } = {}) {
  const { db } = deps;
  const passes: PassesRepository = createPassesRepository(db, deps.now);
  const customers = createCustomerFacts(db);
  const cache = options.cache ?? createBytesCache();
  // updated_at too: a deleted design's id can be reused by a new design, which starts again at version 1.
  const designVersion = db.prepare<[number], { version: number; updated_at: number }>(
    'SELECT version, updated_at FROM card_designs WHERE id = ?',
  );
  const defaultDesign = db.prepare<[], { id: number }>(
    `SELECT id FROM card_designs WHERE is_default = 1 ORDER BY kind = 'loyalty' DESC, id LIMIT 1`,
  );
  const designCache = new Map<string, DesignAt>();
  let packager: { fingerprint: string; packager: Packager } | undefined;

  function defaultDesignId(): number {
    const row = defaultDesign.get();
    if (!row) throw new AppError('NO_DESIGN', 'There is no card design yet: create one on the Cards page first.', 409);
    return row.id;
  }

  /** The design at its current version, with the brand-coloured default icon if it has none (Apple requires one). */
  async function designAt(id: number): Promise<DesignAt> {
    const head = designVersion.get(id);
    if (!head) throw notFound('Design');
    const hit = designCache.get(`${id}@${head.version}@${head.updated_at}`);
    if (hit) return hit;
    const stored = deps.designs.get(id);
    if (!stored) throw notFound('Design');
    let content = stored.content;
    if (!content.images.icon) {
      const icon = await deps.images.ingestImage(defaultIconSvg(content.colours.background), 'image/svg+xml');
      content = { ...content, images: { ...content.images, icon: icon.id } };
    }
    const design = { id, version: stored.version, key: `${id}@${stored.version}@${stored.updatedAt}`, content };
    if (designCache.size >= DESIGN_CACHE_SIZE) designCache.delete(designCache.keys().next().value!);
    designCache.set(design.key, design);
    return design;
  }

  function packagerFor(current: CurrentIdentity): Packager {
    if (packager?.fingerprint !== current.fingerprint) {
      packager = { fingerprint: current.fingerprint, packager: createPackager(current.identity) };
    }
    return packager.packager;
  }

  function issuePass(customerId: number, designId?: number): PassRow {
    if (!customers.get(customerId)) throw notFound('Customer');
    if (designId !== undefined) {
      if (designVersion.get(designId) === undefined) throw notFound('Design');
      return passes.find(customerId, designId) ?? passes.issue(customerId, designId, deps.identity.current().identity.passTypeIdentifier);
    }
    const fallback = defaultDesign.get()?.id;
    const existing = (fallback === undefined ? undefined : passes.find(customerId, fallback)) ?? passes.firstOf(customerId);
    if (existing) return existing;
    return passes.issue(customerId, defaultDesignId(), deps.identity.current().identity.passTypeIdentifier);
  }

  /** Everything a build depends on, and the cache key naming it; cheap (no JSON, no images). */
  async function contextOf(pass: PassRow, customerRow?: CustomerRow) {
    const row = customerRow ?? customers.get(pass.customerId);
    if (!row) throw notFound('Customer');
    const identity = deps.identity.current();
    const design = await designAt(pass.designId);
    const publicUrl = deps.publicUrl();
    const customer = cardCustomer(row, publicUrl);
    const tier = tierFor(design.content, customer);
    const defaultLocale = deps.defaultLocale();
    const webServiceUrl = webServiceUrlOf(publicUrl);
    const facts = createHash('sha1').update(JSON.stringify([customer, tier, defaultLocale, webServiceUrl])).digest('base64url');
    const cacheKey = `${pass.serial}|${pass.version}|${design.key}|${identity.fingerprint}|${facts}`;
    return { pass, identity, design, customer, tier, defaultLocale, webServiceUrl, cacheKey };
  }

  async function inputOf(ctx: Awaited<ReturnType<typeof contextOf>>): Promise<PassInput> {
    const { pass, identity, design } = ctx;
    const { passJson, localizations } = toApplePassJson(design.content, {
      customer: ctx.customer,
      tier: ctx.tier,
      serial: pass.serial,
      authToken: pass.authToken,
      webServiceUrl: ctx.webServiceUrl,
      passTypeIdentifier: identity.identity.passTypeIdentifier,
      teamIdentifier: identity.identity.teamIdentifier,
      defaultLocale: ctx.defaultLocale,
      issuedAt: pass.createdAt,
    });
    const images = await deps.images.preparedImages(design.content, ctx.tier);
    if (pass.passTypeIdentifier !== identity.identity.passTypeIdentifier) {
      passes.setPassTypeIdentifier(pass.id, identity.identity.passTypeIdentifier);
    }
    return { passJson, images, localizations };
  }

  /** The packager's input for one pass, for bulk builds in worker threads. */
  async function prepare(pass: PassRow, customerRow?: CustomerRow): Promise<PreparedPass> {
    const ctx = await contextOf(pass, customerRow);
    return { cacheKey: ctx.cacheKey, input: await inputOf(ctx), identity: ctx.identity };
  }

  async function buildPassBytes(pass: PassRow): Promise<Buffer> {
    const ctx = await contextOf(pass);
    const hit = cache.get(ctx.cacheKey);
    if (hit) return hit;
    const bytes = packagerFor(ctx.identity).build(await inputOf(ctx));
    cache.set(ctx.cacheKey, bytes);
    return bytes;
  }

  return { passes, customers, cache, defaultDesignId, issuePass, prepare, buildPassBytes };
}

export type PassIssuer = ReturnType<typeof createPassIssuer>;
