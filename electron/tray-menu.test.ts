import { describe, expect, it } from 'vitest';
import { trayIconSize, trayMenuItems } from './tray-menu.js';

const labels = (locale: string) => trayMenuItems(locale).map((i) => (i.type === 'separator' ? '—' : i.label));

describe('trayMenuItems', () => {
  it.each(['fr', 'fr-FR', 'fr-CA', 'fr_BE', 'FR-fr'])('is French for %s', (locale) => {
    expect(labels(locale)).toEqual(['Ouvrir', 'Copier l’URL publique', '—', 'Quitter']);
  });

  it.each(['en', 'en-US', 'de-DE', '', 'frr', 'fy-NL'])('is English for %j', (locale) => {
    expect(labels(locale)).toEqual(['Open', 'Copy public URL', '—', 'Quit']);
  });

  it('maps each label to its action', () => {
    const actions = trayMenuItems('fr').flatMap((i) => (i.type === 'action' ? [i.action] : []));
    expect(actions).toEqual(['open', 'copy-public-url', 'quit']);
  });
});

describe('trayIconSize', () => {
  it('uses the panel size on Linux and the menu-bar size elsewhere', () => {
    expect(trayIconSize('linux')).toBe(22);
    expect(trayIconSize('darwin')).toBe(16);
    expect(trayIconSize('win32')).toBe(16);
  });
});
