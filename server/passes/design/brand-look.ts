/**
 * The default card in the brand's look, as the setup wizard sets it: name, colour (with a readable text colour
 * worked out from it) and logo on the default loyalty design, created from the template when there is none yet.
 * An existing design keeps everything else (fields, texts, tiers); its cards are marked changed like any edit.
 */
import type { Db } from '../../db/connection.js';
import { AppError } from '../../errors.js';
import type { CardChanges } from '../cards/cards-changed.js';
import { defaultIconSvg } from '../images/default-icon.js';
import type { ImagePipeline } from '../images/pipeline.js';
import { labelTone, readableOn } from './colour.js';
import type { DesignsRepository } from './designs-repository.js';
import { defaultDesign } from './templates.js';

export interface BrandLook {
  name: string;
  primaryColor: string;
  website: string;
  /** Image id of an uploaded logo; null removes it; undefined keeps the current one. */
  logo?: string | null | undefined;
}

export interface DefaultCard {
  /** The default design's logo (image id), if it has one. */
  logo(): string | undefined;
  apply(look: BrandLook): Promise<{ designId: number }>;
}

export function createDefaultCard(deps: { db: Db; designs: DesignsRepository; images: ImagePipeline; changes: CardChanges }): DefaultCard {
  const { db, designs, images, changes } = deps;
  return {
    logo: () => designs.defaultDesign()?.content.images.logo,
    async apply(look) {
      if (look.logo && !images.image(look.logo)) throw new AppError('IMAGE_NOT_FOUND', 'The logo was not uploaded (or was removed): upload it again.', 400);
      const background = look.primaryColor.toLowerCase();
      const foreground = readableOn(background);
      const colours = { background, foreground, label: labelTone(background, foreground) };
      const current = designs.defaultDesign();
      if (!current) {
        const icon = await images.ingestImage(defaultIconSvg(background), 'image/svg+xml');
        const content = defaultDesign('loyalty', look, { icon: icon.id });
        if (look.logo) content.images.logo = look.logo;
        return { designId: designs.create({ name: look.name, content }).id };
      }
      const { logo: _old, ...otherImages } = current.content.images;
      const logo = look.logo === undefined ? current.content.images.logo : look.logo;
      const content = {
        ...current.content,
        brandName: look.name.trim().slice(0, 60),
        colours,
        images: { ...otherImages, ...(logo ? { logo } : {}) },
      };
      const saved = db.transaction(() => {
        const updated = designs.update(current.id, { name: current.name, content, expectedVersion: current.version });
        changes.markDesignChanged(updated.id, { designVersion: updated.version });
        return updated;
      })();
      return { designId: saved.id };
    },
  };
}
