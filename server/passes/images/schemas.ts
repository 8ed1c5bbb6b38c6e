/** The image API's contract (routes, and the renderer with `import type`). Imports only typebox and other schemas. */
import { Type, type Static } from 'typebox';
import { DesignKind, ImageRole } from '../design/schema.js';

export const IMAGE_MIMES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
export type ImageMime = (typeof IMAGE_MIMES)[number];

export const ImageId = Type.String({ pattern: '^[0-9a-f]{64}$' });
export type ImageId = Static<typeof ImageId>;

export const UploadedImage = Type.Object({
  id: ImageId,
  mime: Type.Enum(IMAGE_MIMES),
  width: Type.Integer(),
  height: Type.Integer(),
  byteSize: Type.Integer(),
});
export type UploadedImage = Static<typeof UploadedImage>;

export const ImageRoleSize = Type.Object({
  role: ImageRole,
  kind: DesignKind,
  scale: Type.Integer({ minimum: 1, maximum: 3 }),
  width: Type.Integer(),
  height: Type.Integer(),
  fit: Type.Enum(['exact', 'within'], { description: 'exact: cropped to fill; within: fitted inside the box' }),
});
export type ImageRoleSize = Static<typeof ImageRoleSize>;
