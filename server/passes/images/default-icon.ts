/**
 * Apple refuses a pass without an icon, so a new design starts with one in the brand's colour: a card shape, drawn
 * without text (no font needed to rasterise it). The drawing ships with the app (resources/artwork/default-icon.svg,
 * `{{background}}` and `{{foreground}}` filled in here). Same colours, same bytes, same content-addressed image.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findAppRoot } from '../../app-root.js';
import { readableOn } from '../design/colour.js';

let template: string | undefined;

/** Read once; a missing file is an installation problem, said with its path. */
function iconTemplate(): string {
  if (template !== undefined) return template;
  const file = join(findAppRoot(), 'resources', 'artwork', 'default-icon.svg');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: reinstall Passerelle`);
  }
  if (!text.includes('{{background}}') || !text.includes('{{foreground}}')) throw new Error(`${file} is not the default icon template`);
  return (template = text);
}

export function defaultIconSvg(background: string): Buffer {
  const bg = /^#[0-9a-fA-F]{6}$/.test(background) ? background.toLowerCase() : '#1f4e79';
  const fg = readableOn(bg);
  return Buffer.from(iconTemplate().replaceAll('{{background}}', bg).replaceAll('{{foreground}}', fg), 'utf8');
}
