/** What the public card link (/p/<id>) needs from Google Wallet: the save URL for an Android phone, the button. */
import type { Services } from '../../services.js';
import type { Locale } from '../design/schema.js';
import { googleServices } from './google-services.js';
import { BUTTON_PATH } from './public-paths.js';

export function googleCardLinks(services: Services) {
  const google = googleServices(services);
  return {
    enabled: () => google.links.enabled(),
    saveUrl: async (customerId: number, designId: number) => (await google.links.forCustomer(customerId, designId)).url,
    buttonUrl: (locale: Locale) => `${BUTTON_PATH}/${locale}.svg`,
  };
}
