import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../testing/app-harness.js';
import type { Design, DesignContent, DesignIssue } from './schema.js';

interface DesignReply {
  design: Design;
  issues: DesignIssue[];
}

describe('design routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    h.app.services.settings.setMany({ 'brand.name': 'Maison Fauvette', 'brand.primaryColor': '#7a2e3b' });
  });
  afterAll(() => h.close());

  const create = async (name = 'Carte fidélité', kind = 'loyalty') => {
    const res = await h.admin({ method: 'POST', url: '/api/designs', payload: { name, kind } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as DesignReply;
  };
  const put = (id: number, payload: object) => h.admin({ method: 'PUT', url: `/api/designs/${id}`, payload });
  const get = async (id: number) => (await h.admin({ method: 'GET', url: `/api/designs/${id}` })).json() as DesignReply;

  it('creates a design from the kind’s template, in the brand’s colour, with an icon, and lists it', async () => {
    const { design, issues } = await create();
    expect(issues).toEqual([]);
    expect(design).toMatchObject({ name: 'Carte fidélité', version: 1, isDefault: true });
    expect(design.content).toMatchObject({
      kind: 'loyalty',
      brandName: 'Maison Fauvette',
      colours: { background: '#7a2e3b' },
      images: { icon: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const icon = await h.admin({ method: 'GET', url: `/api/images/${design.content.images.icon}?role=icon&scale=3` });
    expect(icon.headers['content-type']).toBe('image/png');
    const list = await h.admin({ method: 'GET', url: '/api/designs' });
    expect(list.json().items).toContainEqual({
      id: design.id,
      name: 'Carte fidélité',
      kind: 'loyalty',
      version: 1,
      isDefault: true,
      updatedAt: design.updatedAt,
    });
    expect(await get(design.id)).toEqual({ design, issues: [] });
  });

  it('saves an edit as the next version, with its history; refuses a stale version', async () => {
    const { design } = await create('Carte');
    const content: DesignContent = { ...design.content, brandName: 'Fauvette' };
    const saved = await put(design.id, { name: 'Carte 2', content, version: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ design: { version: 2, name: 'Carte 2', content: { brandName: 'Fauvette' } }, issues: [] });
    const history = h.app.services.db
      .prepare('SELECT version, name FROM card_design_versions WHERE design_id = ? ORDER BY version')
      .all(design.id);
    expect(history).toEqual([{ version: 1, name: 'Carte' }, { version: 2, name: 'Carte 2' }]);

    const stale = await put(design.id, { name: 'Other tab', content: design.content, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual({ code: 'VERSION_CONFLICT', message: expect.stringContaining('version 2') });
    expect((await get(design.id)).design).toMatchObject({ version: 2, name: 'Carte 2' });
  });

  it('answers 422 with the issues when the design has errors, and keeps the old content', async () => {
    const { design } = await create('Carte');
    const bad: DesignContent = structuredClone(design.content);
    delete bad.images.icon;
    bad.fields.primary[0]!.value.fr = 'Bonjour {{prenom}}';
    bad.colours.foreground = bad.colours.background;
    const res = await put(design.id, { name: 'Cassée', content: bad, version: 1 });
    expect(res.statusCode).toBe(422);
    const body = res.json() as { code: string; message: string; issues: DesignIssue[] };
    expect(body.code).toBe('DESIGN_INVALID');
    expect(body.issues.map((i) => i.code).sort()).toEqual(['CONTRAST_TOO_LOW', 'ICON_MISSING', 'UNKNOWN_PLACEHOLDER']);
    expect(body.issues[0]!.message).toEqual({ fr: expect.any(String), en: expect.any(String) });
    expect(await get(design.id)).toMatchObject({ design: { version: 1, name: 'Carte', content: design.content } });

    // Warnings do not block.
    const warned: DesignContent = structuredClone(design.content);
    warned.fields.back[0]!.label.en = '';
    const ok = await put(design.id, { name: 'Carte', content: warned, version: 1 });
    expect(ok.statusCode).toBe(200);
    expect((ok.json() as DesignReply).issues.map((i) => i.code)).toEqual(['EMPTY_TRANSLATION']);
  });

  it('answers 400 to bodies that are not a design', async () => {
    const { design } = await create('Carte');
    const bodies = [
      { name: 'x', content: { ...design.content, kind: 'spaceship' }, version: 1 },
      { name: 'x', content: design.content },
      { name: '', content: design.content, version: 1 },
      { name: 'x', content: design.content, version: 1, extra: true },
      { name: 'x', content: { ...design.content, colours: { background: 'red' } }, version: 1 },
    ];
    for (const payload of bodies) {
      const res = await put(design.id, payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_ERROR');
    }
    expect((await put(999_999, { name: 'x', content: design.content, version: 1 })).statusCode).toBe(404);
    expect((await h.admin({ method: 'POST', url: '/api/designs', payload: { name: 'x', kind: 'boardingPass' } })).statusCode).toBe(400);
  });

  it('validates a draft live without saving it, schema problems included', async () => {
    const { design } = await create('Carte');
    const draft = { ...design.content, fields: { ...design.content.fields, header: [...design.content.fields.header, ...design.content.fields.header] } };
    const res = await h.admin({ method: 'POST', url: `/api/designs/${design.id}/validate`, payload: { content: draft } });
    expect(res.statusCode).toBe(200);
    expect(res.json().issues.map((i: DesignIssue) => `${i.code}@${i.path}`)).toEqual(['DUPLICATE_FIELD_KEY@/fields/header/1/key']);
    const malformed = await h.admin({ method: 'POST', url: `/api/designs/${design.id}/validate`, payload: { content: { kind: 'loyalty' } } });
    expect(malformed.json().issues.length).toBeGreaterThan(3);
    expect(malformed.json().issues.every((i: DesignIssue) => i.code === 'SCHEMA')).toBe(true);
    expect((await get(design.id)).design.version).toBe(1);
    const missing = await h.admin({ method: 'POST', url: '/api/designs/999999/validate', payload: { content: {} } });
    expect(missing.statusCode).toBe(404);
  });

  it('deletes a design unless passes were issued from it', async () => {
    const { design } = await create('À jeter', 'coupon');
    const db = h.app.services.db;
    const customer = db
      .prepare(`INSERT INTO customers (email, first_name, referral_code, created_at, updated_at) VALUES ('del@b.fr', 'A', 'RDEL', 1, 1)`)
      .run().lastInsertRowid;
    db.prepare(
      `INSERT INTO passes (customer_id, design_id, platform, serial, auth_token, download_id, updated_at, created_at)
       VALUES (?, ?, 'apple', 'SDEL', 'tokentokentoken12', 'dldel', 1, 1)`,
    ).run(customer, design.id);
    const inUse = await h.admin({ method: 'DELETE', url: `/api/designs/${design.id}` });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().code).toBe('DESIGN_IN_USE');
    db.prepare('DELETE FROM passes WHERE serial = ?').run('SDEL');
    expect((await h.admin({ method: 'DELETE', url: `/api/designs/${design.id}` })).statusCode).toBe(204);
    expect((await h.admin({ method: 'GET', url: `/api/designs/${design.id}` })).statusCode).toBe(404);
    expect((await h.admin({ method: 'DELETE', url: `/api/designs/${design.id}` })).statusCode).toBe(404);
  });

  it('lists the placeholders with a description in both languages and an example', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/designs/placeholders' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ name: string; description: { fr: string; en: string }; example: string }>;
    expect(items.map((i) => i.name)).toContain('referralUrl');
    expect(items.find((i) => i.name === 'brandName')).toMatchObject({ example: 'Maison Fauvette', description: { fr: 'Nom de la marque' } });
    expect(items.find((i) => i.name === 'tier')?.example).toBe('Argent');
  });

  it('opens a design stored in an older shape, saying so', async () => {
    const id = Number(
      h.app.services.db
        .prepare(`INSERT INTO card_designs (name, kind, design, created_at, updated_at) VALUES ('Ancien', 'generic', '{"brandName":"Old"}', 1, 1)`)
        .run().lastInsertRowid,
    );
    const res = await h.admin({ method: 'GET', url: `/api/designs/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().design.content).toMatchObject({ kind: 'generic', brandName: 'Old' });
    expect(res.json().issues.map((i: DesignIssue) => i.code)).toEqual(['CONTENT_REPAIRED', 'ICON_MISSING']);
  });

  it('needs a session', async () => {
    expect((await h.admin({ method: 'GET', url: '/api/designs/1', anonymous: true })).statusCode).toBe(401);
    expect((await h.admin({ method: 'POST', url: '/api/designs', payload: { name: 'x', kind: 'loyalty' }, anonymous: true })).statusCode).toBe(401);
  });
});
