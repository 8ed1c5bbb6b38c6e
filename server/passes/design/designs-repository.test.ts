import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../db/connection.js';
import { migrationsDir } from '../../db/index.js';
import { loadMigrations, migrate } from '../../db/migrate.js';
import { thrownCode } from '../../testing/thrown.js';
import { createDesignsRepository, type DesignsRepository } from './designs-repository.js';
import { defaultDesign } from './templates.js';

const brand = { name: 'Maison Fauvette', primaryColor: '#1f4e79', website: '' };

describe('designs repository', () => {
  let db: Db;
  let repo: DesignsRepository;
  let clock: number;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()));
    clock = 1_760_000_000_000;
    repo = createDesignsRepository(db, () => (clock += 1000));
  });
  afterEach(() => closeDatabase(db));

  const versions = (id: number) =>
    db.prepare('SELECT version, name FROM card_design_versions WHERE design_id = ? ORDER BY version').all(id);

  it('creates version 1 and keeps every saved version', () => {
    const content = defaultDesign('loyalty', brand);
    const created = repo.create({ name: 'Carte', content });
    expect(created).toMatchObject({ name: 'Carte', version: 1, isDefault: true, content, repaired: false });
    const edited = { ...content, brandName: 'Fauvette' };
    const saved = repo.update(created.id, { name: 'Carte v2', content: edited, expectedVersion: 1 });
    expect(saved).toMatchObject({ version: 2, name: 'Carte v2', content: edited, createdAt: created.createdAt });
    expect(saved.updatedAt).toBeGreaterThan(created.updatedAt);
    expect(versions(created.id)).toEqual([
      { version: 1, name: 'Carte' },
      { version: 2, name: 'Carte v2' },
    ]);
    expect(repo.version(created.id, 1)?.content.brandName).toBe('Maison Fauvette');
    expect(repo.version(created.id, 2)?.content.brandName).toBe('Fauvette');
    expect(repo.list()).toEqual([{ id: created.id, name: 'Carte v2', kind: 'loyalty', version: 2, isDefault: true, updatedAt: saved.updatedAt }]);
  });

  it('refuses a save based on a stale version, and keeps what was there', () => {
    const { id } = repo.create({ name: 'Carte', content: defaultDesign('loyalty', brand) });
    repo.update(id, { name: 'Tab A', content: defaultDesign('loyalty', brand), expectedVersion: 1 });
    expect(thrownCode(() => repo.update(id, { name: 'Tab B', content: defaultDesign('coupon', brand), expectedVersion: 1 }))).toBe('VERSION_CONFLICT');
    expect(repo.get(id)).toMatchObject({ name: 'Tab A', version: 2, content: { kind: 'loyalty' } });
    expect(versions(id)).toHaveLength(2);
    expect(thrownCode(() => repo.update(999, { name: 'x', content: defaultDesign('loyalty', brand), expectedVersion: 1 }))).toBe('NOT_FOUND');
  });

  it('keeps one default per kind, also when a design changes kind or is deleted', () => {
    const a = repo.create({ name: 'A', content: defaultDesign('loyalty', brand) });
    const b = repo.create({ name: 'B', content: defaultDesign('loyalty', brand) });
    const c = repo.create({ name: 'C', content: defaultDesign('coupon', brand) });
    expect([a.isDefault, b.isDefault, c.isDefault]).toEqual([true, false, true]);
    // A moves to gift cards (none yet): it becomes their default, and B takes over loyalty.
    repo.update(a.id, { name: 'A', content: defaultDesign('giftCard', brand), expectedVersion: 1 });
    expect(repo.get(a.id)?.isDefault).toBe(true);
    expect(repo.get(b.id)?.isDefault).toBe(true);
    repo.remove(b.id);
    expect(repo.list().map((d) => [d.name, d.kind, d.isDefault])).toEqual([
      ['A', 'giftCard', true],
      ['C', 'coupon', true],
    ]);
  });

  it('refuses to delete a design passes were issued from', () => {
    const { id } = repo.create({ name: 'Carte', content: defaultDesign('loyalty', brand) });
    const customer = db
      .prepare(`INSERT INTO customers (email, first_name, referral_code, created_at, updated_at) VALUES ('a@b.fr', 'A', 'R1', 1, 1)`)
      .run().lastInsertRowid;
    db.prepare(
      `INSERT INTO passes (customer_id, design_id, platform, serial, auth_token, download_id, updated_at, created_at)
       VALUES (?, ?, 'apple', 'S1', 'tokentokentoken12', 'dl1', 1, 1)`,
    ).run(customer, id);
    expect(thrownCode(() => repo.remove(id))).toBe('DESIGN_IN_USE');
    expect(repo.get(id)).toBeDefined();
    db.prepare('DELETE FROM passes').run();
    repo.remove(id);
    expect(repo.get(id)).toBeUndefined();
    expect(versions(id)).toEqual([]);
    expect(thrownCode(() => repo.remove(id))).toBe('NOT_FOUND');
  });

  it('reads designs stored before the model settled, keeping what fits', () => {
    const legacy = {
      kind: 'loyalty',
      brandName: 'Maison Fauvette',
      colors: { background: '#7a2e3b', foreground: '#ffffff', label: '#f3d9b1' },
      fields: {
        header: [{ key: 'points', label: { fr: 'Points', en: 'Points' }, value: '{{points}}' }],
        primary: [{ key: 'name', label: { fr: 'Membre', en: 'Member' }, value: '{{firstName}} {{lastName}}' }],
        secondary: [],
        auxiliary: [],
        back: [{ key: 'terms', label: { fr: 'Conditions', en: 'Terms' }, value: { fr: 'Carte personnelle.', en: 'Personal card.' } }],
      },
      barcode: { format: 'qr', message: '{{memberId}}' },
      tiers: [{ id: 'silver', label: { fr: 'Argent', en: 'Silver' }, minPoints: 500, colors: { background: '#c8cdd2' } }],
    };
    db.prepare(`INSERT INTO card_designs (name, kind, design, created_at, updated_at) VALUES ('Démo', 'loyalty', ?, 1, 1)`).run(
      JSON.stringify(legacy),
    );
    db.prepare(`INSERT INTO card_designs (name, kind, design, created_at, updated_at) VALUES ('Cassé', 'coupon', 'not json', 1, 1)`).run();
    const [demo, broken] = repo.list().sort((x, y) => x.id - y.id);
    const read = repo.get(demo!.id)!;
    expect(read.repaired).toBe(true);
    expect(read.content).toMatchObject({
      kind: 'loyalty',
      brandName: 'Maison Fauvette',
      colours: { background: '#7a2e3b', foreground: '#ffffff', label: '#f3d9b1' },
      fields: {
        header: [{ key: 'points', value: { fr: '{{points}}', en: '{{points}}' } }],
        back: [{ key: 'terms', value: { fr: 'Carte personnelle.' } }],
      },
      tiers: [{ id: 'silver', colours: { background: '#c8cdd2' } }],
      message: { label: { fr: 'Message' } },
    });
    expect(repo.get(broken!.id)).toMatchObject({ repaired: true, content: { kind: 'coupon' } });
  });
});
