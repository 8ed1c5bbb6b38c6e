import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from './web-preferences.js';

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences({ preloadPath: '/app/dist/electron/preload.cjs', devTools: false });

  it('isolates the page from Node and from the preload', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps the web platform protections on', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.safeDialogs).toBe(true);
  });

  it('loads the given preload and sets devtools as asked', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(prefs.devTools).toBe(false);
    expect(secureWebPreferences({ preloadPath: 'p', devTools: true }).devTools).toBe(true);
  });

  it('sets nothing that re-enables Node or blink features', () => {
    expect(Object.keys(prefs)).not.toContain('enableBlinkFeatures');
    expect(Object.keys(prefs)).not.toContain('additionalArguments');
  });
});
