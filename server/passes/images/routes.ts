import { Transform } from 'node:stream';
import { Type } from 'typebox';
import { AppError, notFound } from '../../errors.js';
import type { Server } from '../../http/fastify.js';
import { errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { APPLE_STYLE, SUPPORTED_ROLES, pointBox } from '../design/apple-layout.js';
import { DESIGN_KIND_VALUES, DesignKind, ImageRole } from '../design/schema.js';
import { IMAGE_MIMES, MAX_IMAGE_BYTES } from './decode.js';
import type { ImagePipeline } from './pipeline.js';
import { appleSlot, type Scale } from './slots.js';
import { ImageId, UploadedImage, ImageRoleSize } from './schemas.js';

const Png = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/png' });

const tooLarge = () => new AppError('IMAGE_TOO_LARGE', `Images are limited to ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`, 413);

/** Counts the bytes of a body sent without Content-Length, so that it is cut off at the limit with our code. */
function limitBody(payload: NodeJS.ReadableStream): Transform {
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > MAX_IMAGE_BYTES ? tooLarge() : null, chunk);
    },
  });
  payload.on('error', (err) => limited.destroy(err));
  return payload.pipe(limited);
}

// The recommended sizes the designer shows next to each upload ("1125×369 px").
const ROLE_SIZES = DESIGN_KIND_VALUES.flatMap((kind) =>
  SUPPORTED_ROLES[APPLE_STYLE[kind]].flatMap((role) => {
    const box = pointBox(role, kind);
    return ([1, 2, 3] as const).map((scale) => ({
      role,
      kind,
      scale,
      width: box.width * scale,
      height: box.height * scale,
      fit: box.fit,
    }));
  }),
);

export function imageRoutes(services: Services, deps: { images: ImagePipeline }) {
  const { images } = deps;

  return async function (app: Server): Promise<void> {
    // Uploads arrive as the raw image body, whatever their declared type, so that the pipeline (not the parser)
    // decides and every refusal carries our codes. These parsers exist only inside this plugin.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES + 64 * 1024 }, (_request, body, done) =>
      done(null, body),
    );

    app.post(
      '/api/images',
      {
        config: { access: 'session' },
        schema: { response: { 201: UploadedImage, ...errorResponses } },
        preParsing: async (request, _reply, payload) => {
          if (Number(request.headers['content-length']) > MAX_IMAGE_BYTES) throw tooLarge();
          return limitBody(payload);
        },
      },
      async (request, reply) => {
        const type = request.headers['content-type'] ?? '';
        if (!Buffer.isBuffer(request.body)) {
          throw new AppError('UNSUPPORTED_IMAGE_TYPE', 'Send the image itself as the body, typed image/png, image/jpeg or image/svg+xml.', 415);
        }
        const stored = await images.ingestImage(request.body, type);
        return reply.status(201).send(stored);
      },
    );

    app.get(
      '/api/images/roles',
      { config: { access: 'session' }, schema: { response: { 200: Type.Object({ items: Type.Array(ImageRoleSize) }), ...errorResponses } } },
      async () => ({ items: ROLE_SIZES }),
    );

    app.get(
      '/api/images/:id',
      {
        config: { access: 'session' },
        schema: {
          params: Type.Object({ id: ImageId }),
          querystring: Type.Object(
            {
              role: Type.Optional(ImageRole),
              kind: Type.Optional(DesignKind),
              scale: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Png, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { role, kind = 'loyalty', scale = 2 } = request.query;
        if (!images.image(id)) throw notFound('Image');
        const variant = role ? await images.variant(id, appleSlot(role, kind), scale as Scale) : await images.variant(id, 'preview', 1);
        // Content-addressed: a given (image, slot, scale) never changes.
        return reply
          .header('content-type', 'image/png')
          .header('cache-control', 'private, max-age=31536000, immutable')
          .header('etag', `"${variant.sha1}"`)
          .send(variant.png);
      },
    );
  };
}
