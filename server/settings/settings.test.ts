import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/app-harness.js';

describe('settings', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  const brand = { name: 'Maison Test', primaryColor: '#AA3300', defaultLocale: 'en', website: 'https://maison.example' };

  it('brand settings round-trip through the API', async () => {
    const before = await h.admin({ method: 'GET', url: '/api/settings' });
    expect(before.json().brand).toEqual({ name: 'Ma boutique', primaryColor: '#1f4e79', defaultLocale: 'fr', website: '' });
    const put = await h.admin({ method: 'PUT', url: '/api/settings/brand', payload: brand });
    expect(put.statusCode).toBe(200);
    expect(put.json().brand).toEqual({ ...brand, primaryColor: '#aa3300' });
    expect((await h.admin({ method: 'GET', url: '/api/settings' })).json().brand.name).toBe('Maison Test');
  });

  it.each([
    [{ ...brand, primaryColor: 'red' }],
    [{ ...brand, name: '' }],
    [{ ...brand, name: '   ' }],
    [{ ...brand, website: 'javascript:alert(1)' }],
    [{ ...brand, defaultLocale: 'de' }],
    [{ ...brand, extra: 1 }],
    [{ name: 'x' }],
    [[]],
  ])('bad brand input %o is refused with 400 and saves nothing', async (payload) => {
    const res = await h.admin({ method: 'PUT', url: '/api/settings/brand', payload: payload as object });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'VALIDATION_ERROR', message: expect.any(String) });
    expect(h.app.services.settings.brand().name).toBe('Ma boutique');
  });

  it('server settings go to config.json, validated, and report that they apply at restart', () => {
    const repo = h.app.services.settings;
    repo.setMany({ 'server.publicUrl': 'https://cartes.maison.example', 'server.adminPort': 5555 });
    expect(JSON.parse(readFileSync(join(h.dataDir, 'config.json'), 'utf8'))).toEqual({
      publicUrl: 'https://cartes.maison.example',
      adminPort: 5555,
    });
    expect(repo.list().find((s) => s.key === 'server.adminPort')).toMatchObject({ appliesAt: 'restart', isDefault: false });
    expect(() => repo.setMany({ 'server.publicPort': 70000 })).toThrowError(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() => repo.setMany({ 'server.nope': 1 })).toThrowError(expect.objectContaining({ code: 'UNKNOWN_SETTING' }));
    // One bad value in a batch: nothing is written.
    expect(() => repo.setMany({ 'brand.name': 'Ok', 'brand.primaryColor': 'blue' })).toThrow();
    expect(repo.brand().name).toBe('Ma boutique');
  });

  it('the settings view reports both URLs', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/settings' });
    expect(res.json().server).toMatchObject({ publicUrlSource: 'listener', publicUrl: 'http://127.0.0.1:4381' });
  });
});
