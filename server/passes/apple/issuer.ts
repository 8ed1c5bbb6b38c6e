/**
 * Issuing Apple passes: the pass row of a customer (created on first need), and its signed bytes, built from the
 * design's current version, the customer's data and the current signing identity, and cached by all of those.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { AppError, notFound } from '../../errors.js';
import { createPackager, type Packager, type PreparedImage } from './packager.js';
import { passInputOf, templateRef, type PassRecipe, type TemplateRef } from './pass-recipe.js';
import type { DesignsRepository } from '../design/designs-repository.js';
import type { CardLocation } from '../design/card-locations.js';
import type { DesignContent, Locale } from '../design/schema.js';
import type { CurrentIdentity, IdentityStore } from './identity/identity-store.js';
import { defaultIconSvg } from '../images/default-icon.js';
import type { ImagePipeline } from '../images/pipeline.js';
import { createPassImages } from './pass-images.js';
import { createBytesCache, type BytesCache } from './bytes-cache.js';
import { cardCustomer, createCustomerFacts, tierFor, type CustomerRow } from '../cards/customer-facts.js';
import { createPassesRepository, type PassRow, type PassesRepository } from '../cards/passes-repository.js';

export interface IssuerDeps {
  db: Db;
  now: () => number;
  /** The URL phones use (services.urls.public()). */
  publicUrl: () => string;
  defaultLocale: () => Locale;
  identity: IdentityStore;
  images: ImagePipeline;
  designs: DesignsRepository;
  /** Where the customer's card is relevant (the stores nearest to them), as of now. */
  locations?: (customerId: number) => CardLocation[];
}

/**
 * What every pass of a batch is issued under: the signing identity, the public URL and the default language, read
 * once for the batch rather than once per pass (`issuer.context()`).
 */
export interface IssueContext {
  identity: CurrentIdentity;
  publicUrl: string;
  defaultLocale: Locale;
}

/**
 * Everything one pass is built from, ready for the packager here or in a worker thread: the design's template and
 * images (shared by every card of the design and tier) and the customer's recipe.
 */
export interface PreparedPass {
  cacheKey: string;
  identity: CurrentIdentity;
  template: TemplateRef;
  images: readonly PreparedImage[];
  recipe: PassRecipe;
}

interface DesignAt {
  id: number;
  version: number;
  /** id, version and save time: names this content exactly. */
  key: string;
  /** The design's name: the utm_campaign of the card's links. */
  name: string;
  content: DesignContent;
}

const DESIGN_CACHE_SIZE = 16;

/** Remembers the last `size` values by key (oldest out first). */
function recent<T>(size: number) {
  const map = new Map<string, T>();
  return {
    get: (key: string) => map.get(key),
    delete: (key: string) => map.delete(key),
    set(key: string, value: T): T {
      if (map.size >= size) map.delete(map.keys().next().value!);
      map.set(key, value);
      return value;
    },
  };
}

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
  const passImages = createPassImages(deps.images);
  const designCache = recent<DesignAt>(DESIGN_CACHE_SIZE);
  const templates = recent<TemplateRef>(DESIGN_CACHE_SIZE);
  const imageSets = recent<Promise<PreparedImage[]>>(DESIGN_CACHE_SIZE * 4);
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
    const key = `${id}@${stored.version}@${stored.updatedAt}`;
    return designCache.set(key, { id, version: stored.version, key, name: stored.name, content });
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

  /** The design-wide part of pass.json: one per design version, identity, address and language. */
  function templateOf(design: DesignAt, identity: CurrentIdentity, webServiceUrl: string, defaultLocale: Locale): TemplateRef {
    const key = `${design.key}|${identity.fingerprint}|${webServiceUrl}|${defaultLocale}`;
    return (
      templates.get(key) ??
      templates.set(
        key,
        templateRef(key, {
          content: design.content,
          webServiceUrl,
          passTypeIdentifier: identity.identity.passTypeIdentifier,
          teamIdentifier: identity.identity.teamIdentifier,
          defaultLocale,
          utmCampaign: design.name,
        }),
      )
    );
  }

  /** The images of a design for a tier (a tier may have its own strip), prepared once. */
  function imagesOf(design: DesignAt, tier: string | undefined): Promise<PreparedImage[]> {
    const key = `${design.key}|${tier ?? ''}`;
    const hit = imageSets.get(key);
    if (hit) return hit;
    const images = passImages.preparedImages(design.content, tier);
    // A failure is not remembered: the next pass tries again.
    images.catch(() => imageSets.delete(key));
    return imageSets.set(key, images);
  }

  /** The context passes are issued under now (with `identity` when the caller has just read it). */
  const context = (identity: CurrentIdentity = deps.identity.current()): IssueContext => ({
    identity,
    publicUrl: deps.publicUrl(),
    defaultLocale: deps.defaultLocale(),
  });

  /**
   * Everything one pass is built from, and the cache key naming it; cheap (no pass.json, no image bytes). A batch
   * passes the customers' rows it read together, and one `context()` for all its passes.
   */
  async function prepare(pass: PassRow, customerRow?: CustomerRow, ctx: IssueContext = context()): Promise<PreparedPass> {
    const row = customerRow ?? customers.get(pass.customerId);
    if (!row) throw notFound('Customer');
    const { identity, publicUrl } = ctx;
    const design = await designAt(pass.designId);
    const customer = cardCustomer(row, publicUrl);
    const tier = tierFor(design.content, customer);
    const template = templateOf(design, identity, webServiceUrlOf(publicUrl), ctx.defaultLocale);
    const images = await imagesOf(design, tier);
    const locations = deps.locations?.(pass.customerId) ?? [];
    const facts = createHash('sha1').update(JSON.stringify([customer, tier, pass.message, locations])).digest('base64url');
    const cacheKey = `${pass.serial}|${pass.version}|${template.key}|${facts}`;
    if (pass.passTypeIdentifier !== identity.identity.passTypeIdentifier) {
      passes.setPassTypeIdentifier(pass.id, identity.identity.passTypeIdentifier);
    }
    const recipe: PassRecipe = {
      customer,
      tier,
      serial: pass.serial,
      authToken: pass.authToken,
      issuedAt: pass.createdAt,
      message: pass.message,
      locations,
    };
    return { cacheKey, identity, template, images, recipe };
  }

  async function buildPassBytes(pass: PassRow): Promise<Buffer> {
    const prepared = await prepare(pass);
    const hit = cache.get(prepared.cacheKey);
    if (hit) return hit;
    const bytes = packagerFor(prepared.identity).build(passInputOf(prepared.template.template, prepared.recipe, prepared.images));
    cache.set(prepared.cacheKey, bytes);
    return bytes;
  }

  return { passes, customers, cache, defaultDesignId, issuePass, context, prepare, buildPassBytes };
}

export type PassIssuer = ReturnType<typeof createPassIssuer>;
