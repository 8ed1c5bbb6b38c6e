import type { StartFailure } from './server-lifecycle.js';

/** Every sentence the main process shows itself (the window's own text is the renderer's i18n). */
export interface DesktopStrings {
  trayTooltip: string;
  open: string;
  copyPublicUrl: string;
  quit: string;
  startFailedTitle: string;
  startFailed(failure: StartFailure): string;
  serverStoppedTitle: string;
  serverStopped(code: number): string;
}

const en: DesktopStrings = {
  trayTooltip: 'Passerelle',
  open: 'Open',
  copyPublicUrl: 'Copy public URL',
  quit: 'Quit',
  startFailedTitle: 'Passerelle could not start',
  startFailed: (f) => {
    switch (f.kind) {
      case 'timeout':
        return `The Passerelle server did not start within ${Math.round(f.timeoutMs / 1000)} seconds.`;
      case 'exited':
        return `The Passerelle server stopped while starting (exit code ${f.code}).`;
      case 'reported':
        return `The Passerelle server could not start:\n\n${f.message}`;
    }
  },
  serverStoppedTitle: 'Passerelle stopped',
  serverStopped: (code) => `The Passerelle server stopped unexpectedly (exit code ${code}). Passerelle will close.`,
};

const fr: DesktopStrings = {
  trayTooltip: 'Passerelle',
  open: 'Ouvrir',
  copyPublicUrl: 'Copier l’URL publique',
  quit: 'Quitter',
  startFailedTitle: 'Passerelle n’a pas pu démarrer',
  startFailed: (f) => {
    switch (f.kind) {
      case 'timeout':
        return `Le serveur Passerelle n’a pas démarré en ${Math.round(f.timeoutMs / 1000)} secondes.`;
      case 'exited':
        return `Le serveur Passerelle s’est arrêté pendant son démarrage (code de sortie ${f.code}).`;
      case 'reported':
        return `Le serveur Passerelle n’a pas pu démarrer :\n\n${f.message}`;
    }
  },
  serverStoppedTitle: 'Passerelle s’est arrêté',
  serverStopped: (code) =>
    `Le serveur Passerelle s’est arrêté de façon inattendue (code de sortie ${code}). Passerelle va se fermer.`,
};

/** `app.getLocale()` gives `fr`, `fr-FR`, `fr-CA`…; anything not French gets English. */
export function desktopStrings(locale: string): DesktopStrings {
  return /^fr(?:[-_]|$)/i.test(locale) ? fr : en;
}
