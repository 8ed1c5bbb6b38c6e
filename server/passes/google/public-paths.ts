/** Where Google reaches us on the public listener: the images it fetches and the callbacks it posts. */
import type { GoogleImageSlot } from './to-google.js';

export const CALLBACK_PATH = '/google/callback';
export const IMAGES_PATH = '/g/images';
/** The "Add to Google Wallet" button: /g/button/fr.svg, /g/button/en.svg. */
export const BUTTON_PATH = '/g/button';

export const imageUrlOf = (publicUrl: string) => (imageId: string, slot: GoogleImageSlot): string => `${publicUrl}${IMAGES_PATH}/${imageId}/${slot}.png`;

/** Google posts callbacks to https URLs only; a local http address is left out rather than refused by Google. */
export const callbackUrlOf = (publicUrl: string): string | undefined => (publicUrl.startsWith('https://') ? `${publicUrl}${CALLBACK_PATH}` : undefined);
