import { describe, expect, it } from 'vitest';
import { desktopStrings } from './strings.js';

describe('desktopStrings', () => {
  it('explains each startup failure, in English', () => {
    const s = desktopStrings('en-GB');
    expect(s.startFailed({ kind: 'timeout', timeoutMs: 20_000 })).toBe('The Passerelle server did not start within 20 seconds.');
    expect(s.startFailed({ kind: 'exited', code: 3 })).toMatch(/exit code 3/);
    expect(s.startFailed({ kind: 'reported', message: 'EADDRINUSE 127.0.0.1:4380' })).toMatch(/EADDRINUSE 127\.0\.0\.1:4380$/);
    expect(s.serverStopped(9)).toMatch(/exit code 9/);
  });

  it('explains each startup failure, in French', () => {
    const s = desktopStrings('fr-FR');
    expect(s.startFailedTitle).toBe('Passerelle n’a pas pu démarrer');
    expect(s.startFailed({ kind: 'timeout', timeoutMs: 20_000 })).toBe('Le serveur Passerelle n’a pas démarré en 20 secondes.');
    expect(s.startFailed({ kind: 'exited', code: 3 })).toMatch(/code de sortie 3/);
    expect(s.startFailed({ kind: 'reported', message: 'disque plein' })).toMatch(/disque plein$/);
    expect(s.serverStopped(9)).toMatch(/code de sortie 9/);
  });

  it('offers the same keys in both languages', () => {
    expect(Object.keys(desktopStrings('fr')).sort()).toEqual(Object.keys(desktopStrings('en')).sort());
  });
});
