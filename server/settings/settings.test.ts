import { readFileSync, writeFileSync } from 'node:fs';
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

  it('listener settings go to config.json, validated, and report that they apply at restart', () => {
    const repo = h.app.services.settings;
    repo.setMany({ 'server.adminPort': 5555 });
    expect(JSON.parse(readFileSync(join(h.dataDir, 'config.json'), 'utf8'))).toEqual({ adminPort: 5555 });
    expect(repo.list().find((s) => s.key === 'server.adminPort')).toMatchObject({ appliesAt: 'restart', isDefault: false });
    expect(() => repo.setMany({ 'server.publicPort': 70000 })).toThrowError(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() => repo.setMany({ 'server.nope': 1 })).toThrowError(expect.objectContaining({ code: 'UNKNOWN_SETTING' }));
    // One bad value in a batch: nothing is written.
    expect(() => repo.setMany({ 'brand.name': 'Ok', 'brand.primaryColor': 'blue' })).toThrow();
    expect(repo.brand().name).toBe('Ma boutique');
  });

  it('the settings view reports both URLs, and what is wrong with the public one for phones', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/settings' });
    expect(res.json().server).toMatchObject({ publicUrlSource: 'listener', publicUrl: 'http://127.0.0.1:4381', publicUrlIssue: 'local' });
  });

  it('the public URL lives in the database and applies at once, without a restart', async () => {
    const repo = h.app.services.settings;
    repo.setMany({ 'server.publicUrl': 'https://cartes.maison.example' });
    expect(repo.list().find((s) => s.key === 'server.publicUrl')).toMatchObject({ appliesAt: 'now', isDefault: false });
    expect(h.app.services.urls.public()).toBe('https://cartes.maison.example');
    const res = await h.admin({ method: 'GET', url: '/api/settings' });
    expect(res.json().server).toMatchObject({ publicUrlSource: 'setting', publicUrl: 'https://cartes.maison.example' });
    expect(res.json().server.publicUrlIssue).toBeUndefined();
    repo.setMany({ 'server.publicUrl': 'http://cartes.maison.example' });
    expect((await h.admin({ method: 'GET', url: '/api/settings' })).json().server.publicUrlIssue).toBe('http');
  });
});

describe('settings from older installs and from the environment', () => {
  it('an older config.json publicUrl is read until the setting is saved, then leaves the file', async () => {
    const h = await createHarness();
    try {
      writeFileSync(join(h.dataDir, 'config.json'), JSON.stringify({ publicUrl: 'https://old.example', adminPort: 4390 }));
      expect(h.app.services.settings.get('server.publicUrl')).toBe('https://old.example');
      h.app.services.settings.setMany({ 'server.publicUrl': 'https://new.example' });
      expect(JSON.parse(readFileSync(join(h.dataDir, 'config.json'), 'utf8'))).toEqual({ adminPort: 4390 });
      expect(h.app.services.urls.public()).toBe('https://new.example');
    } finally {
      await h.close();
    }
  });

  it('an environment variable wins over the stored value, and the listing says which and by what', async () => {
    const h = await createHarness({ PASSERELLE_PUBLIC_URL: 'https://env.example', PASSERELLE_ADMIN_PORT: '4999' });
    try {
      h.app.services.settings.setMany({ 'server.publicUrl': 'https://stored.example' });
      expect(h.app.services.urls.public()).toBe('https://env.example');
      expect(h.app.services.urls.publicSource()).toBe('environment');
      const list = h.app.services.settings.list();
      expect(list.find((s) => s.key === 'server.publicUrl')).toMatchObject({ value: 'https://stored.example', override: { variable: 'PASSERELLE_PUBLIC_URL', value: 'https://env.example' } });
      expect(list.find((s) => s.key === 'server.adminPort')).toMatchObject({ value: 4380, isDefault: true, override: { variable: 'PASSERELLE_ADMIN_PORT', value: 4999 } });
      expect(list.find((s) => s.key === 'server.publicPort')?.override).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});
