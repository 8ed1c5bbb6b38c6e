/**
 * Many Google cards at once, written straight into a migrated database as if their objects had been synced, and the
 * same objects placed in the fake Google Wallet API: what a shop with thousands of Android customers looks like
 * just before a design edit. For the kill test and the google benchmark.
 */
import type { Db } from '../db/connection.js';
import { createSettingsRepository } from '../settings/settings-repository.js';
import { createDesignsRepository } from '../passes/design/designs-repository.js';
import { defaultDesign } from '../passes/design/templates.js';
import { createAccountRepository } from '../passes/google/account-repository.js';
import { googleCardsChanged } from '../passes/google/cards-changed.js';
import { classIdOf, objectIdOf } from '../passes/google/ids.js';
import { parseServiceAccount } from '../passes/google/service-account.js';
import type { FakeGoogleWallet } from './fake-google-wallet.js';

export interface SeedGoogleOptions {
  cards: number;
  issuerId: string;
  apiUrl: string;
  tokenUrl: string;
  serviceAccountJson: string;
  dataDir: string;
  now?: number;
}

export interface SeededGoogle {
  designId: number;
  passIds: number[];
  objectIds: string[];
}

export function seedGoogleCards(db: Db, o: SeedGoogleOptions): SeededGoogle {
  const now = o.now ?? Date.now();
  const settings = createSettingsRepository(db, o.dataDir, () => now);
  settings.setMany({ 'google.issuerId': o.issuerId, 'google.apiUrl': o.apiUrl, 'google.tokenUrl': o.tokenUrl });
  const account = createAccountRepository(db);
  account.saveKey(parseServiceAccount(o.serviceAccountJson), now);
  const namespace = account.namespace();
  const content = defaultDesign('loyalty', { name: 'Maison Fauvette', primaryColor: '#1f4e79', website: '' });
  content.tiers = [];
  const design = createDesignsRepository(db, () => now).create({ name: 'Fidélité', content });
  const customer = db.prepare(`INSERT INTO customers (email, first_name, last_name, points_balance, referral_code, created_at, updated_at) VALUES (?, 'Client', ?, ?, ?, ?, ?)`);
  const pass = db.prepare(
    `INSERT INTO passes (customer_id, design_id, platform, serial, auth_token, download_id, updated_at, created_at) VALUES (?, ?, 'google', ?, ?, ?, ?, ?)`,
  );
  const synced = db.prepare(`INSERT INTO google_objects (pass_id, body_hash, synced_at) VALUES (?, 'seeded', ?)`);
  const passIds: number[] = [];
  const objectIds: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < o.cards; i++) {
      const c = Number(customer.run(`google-${i}@example.fr`, `N${i}`, i % 900, `GREF-${i}`, now, now).lastInsertRowid);
      const serial = `gserial${String(i).padStart(7, '0')}`;
      const id = Number(pass.run(c, design.id, serial, `gauth-${i}-000000000000`, `gdl-${i}`, now, now).lastInsertRowid);
      synced.run(id, now);
      passIds.push(id);
      objectIds.push(objectIdOf(o.issuerId, namespace, serial));
    }
  })();
  return { designId: design.id, passIds, objectIds };
}

/** The seeded objects as Google holds them before the edit (its class is sent by the first sync). */
export function placeObjectsAtFake(fake: FakeGoogleWallet, db: Db, seeded: SeededGoogle, issuerId: string): void {
  const namespace = createAccountRepository(db).namespace();
  const classId = classIdOf(issuerId, namespace, seeded.designId);
  for (const id of seeded.objectIds) {
    fake.resources.set(`loyaltyObject/${id}`, { kind: 'walletobjects#loyaltyObject', id, classId, state: 'ACTIVE', loyaltyPoints: { label: 'Points', balance: { int: 0 } } });
  }
}

/** A design edit that changes every object (the points label): saved and published to Google in one transaction. */
export function editPointsLabel(db: Db, designId: number, label: string, now = Date.now()): number {
  const designs = createDesignsRepository(db, () => now);
  return db.transaction(() => {
    const current = designs.get(designId)!;
    const content = structuredClone(current.content);
    const points = content.fields.header.find((f) => f.key === 'points')!;
    points.label = { fr: label, en: label };
    designs.update(designId, { name: current.name, content, expectedVersion: current.version });
    return googleCardsChanged(db, { designIds: [designId] }, { reason: 'design' }, now).length;
  })();
}
