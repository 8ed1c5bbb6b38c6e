import type { Db } from '../db/connection.js';
import { defaultIconSvg } from '../passes/images/default-icon.js';
import { createImagePipeline } from '../passes/images/pipeline.js';
import { BRAND } from './brand-data.js';
import { generateDemo, type DemoOptions, type DemoSummary } from './generate.js';

/**
 * The demo brand as the UI button and `passerelle demo` load it: the card's icon (which Apple requires) is stored
 * through the image pipeline first, since that is asynchronous and the generator is one synchronous transaction.
 */
export async function loadDemoBrand(db: Db, opts: Omit<DemoOptions, 'icon'> = {}): Promise<DemoSummary> {
  const icon = await createImagePipeline(db).ingestImage(defaultIconSvg(BRAND.primaryColor), 'image/svg+xml');
  return generateDemo(db, { ...opts, icon: icon.id });
}
