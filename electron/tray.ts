import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { trayIconSize, trayMenuItems, type TrayAction } from './tray-menu.js';

export function createTray(opts: {
  iconPath: string;
  locale: string;
  tooltip: string;
  actions: Record<TrayAction, () => void>;
}): Tray {
  const size = trayIconSize(process.platform);
  const tray = new Tray(nativeImage.createFromPath(opts.iconPath).resize({ width: size, height: size }));
  tray.setToolTip(opts.tooltip);
  const template = trayMenuItems(opts.locale).map(
    (item): MenuItemConstructorOptions =>
      item.type === 'separator' ? { type: 'separator' } : { label: item.label, click: opts.actions[item.action] },
  );
  tray.setContextMenu(Menu.buildFromTemplate(template));
  // Windows users expect a left click on the tray icon to bring the window back; elsewhere the menu does it.
  if (process.platform === 'win32') tray.on('click', opts.actions.open);
  return tray;
}
