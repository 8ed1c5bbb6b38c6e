import { desktopStrings } from './strings.js';

export type TrayAction = 'open' | 'copy-public-url' | 'quit';

export type TrayMenuItem = { type: 'action'; action: TrayAction; label: string } | { type: 'separator' };

/** The tray menu as data; `tray.ts` attaches the click handlers. */
export function trayMenuItems(locale: string): TrayMenuItem[] {
  const s = desktopStrings(locale);
  return [
    { type: 'action', action: 'open', label: s.open },
    { type: 'action', action: 'copy-public-url', label: s.copyPublicUrl },
    { type: 'separator' },
    { type: 'action', action: 'quit', label: s.quit },
  ];
}

/** Pixel size of the tray icon: the menu-bar size on macOS and Windows, the common panel size on Linux. */
export function trayIconSize(platform: NodeJS.Platform): number {
  return platform === 'linux' ? 22 : 16;
}
