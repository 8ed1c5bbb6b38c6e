import { Type } from 'typebox';
import type { Server } from '../../http/fastify.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import { notFound } from '../../errors.js';
import type { CardChanges } from '../cards/cards-changed.js';
import type { Services } from '../../services.js';
import { defaultIconSvg } from '../images/default-icon.js';
import type { ImagePipeline } from '../images/pipeline.js';
import { versionConflict, type DesignsRepository, type StoredDesign } from './designs-repository.js';
import { PLACEHOLDER_DESCRIPTIONS, PLACEHOLDER_NAMES, placeholderValues, sampleCustomer } from './placeholders.js';
import { Design, DesignContent, DesignIssue, DesignKind, Text } from './schema.js';
import { defaultDesign } from './templates.js';
import { hasErrors, validateDesign } from './validate.js';
import { DesignIssues, DesignSummary, DesignUpdate, DesignWithIssues, InvalidDesign, NewDesign, PlaceholderInfo } from './schemas.js';

const REPAIRED: DesignIssue = {
  path: '',
  code: 'CONTENT_REPAIRED',
  severity: 'warning',
  message: {
    fr: 'Ce modèle était enregistré dans un ancien format : les parties illisibles ont été remplacées par celles du modèle par défaut. Vérifiez-le, puis enregistrez.',
    en: 'This design was stored in an older format: the parts that could not be read were replaced by the default ones. Check it, then save.',
  },
};

export interface DesignRoutesDeps {
  designs: DesignsRepository;
  images: ImagePipeline;
  changes: CardChanges;
}

export function designRoutes(services: Services, deps: DesignRoutesDeps) {
  const { designs: repo, images } = deps;
  const ctx = { imageSize: (id: string) => images.image(id) };
  const issuesOf = (d: StoredDesign) => [...(d.repaired ? [REPAIRED] : []), ...validateDesign(d.content, ctx)];

  return async function (app: Server): Promise<void> {
    app.get(
      '/api/designs',
      { config: { access: 'session' }, schema: { response: { 200: Type.Object({ items: Type.Array(DesignSummary) }), ...errorResponses } } },
      async () => ({ items: repo.list() }),
    );

    app.get(
      '/api/designs/placeholders',
      {
        config: { access: 'session' },
        schema: {
          response: {
            200: Type.Object({ items: Type.Array(PlaceholderInfo) }),
            ...errorResponses,
          },
        },
      },
      async () => {
        const brand = services.settings.brand();
        const values = placeholderValues(sampleCustomer(brand), {
          brandName: brand.name,
          locale: brand.defaultLocale,
          tierLabel: { fr: 'Argent', en: 'Silver' },
        });
        return { items: PLACEHOLDER_NAMES.map((name) => ({ name, description: PLACEHOLDER_DESCRIPTIONS[name], example: values[name] })) };
      },
    );

    app.post(
      '/api/designs',
      {
        config: { access: 'session' },
        schema: {
          body: NewDesign,
          response: { 201: DesignWithIssues, ...errorResponses },
        },
      },
      async (request, reply) => {
        const brand = services.settings.brand();
        const icon = await images.ingestImage(defaultIconSvg(brand.primaryColor), 'image/svg+xml');
        const content = defaultDesign(request.body.kind, brand, { icon: icon.id });
        const design = repo.create({ name: request.body.name.trim(), content });
        return reply.status(201).send({ design, issues: issuesOf(design) });
      },
    );

    app.get(
      '/api/designs/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: DesignWithIssues, ...errorResponses } } },
      async (request) => {
        const design = repo.get(request.params.id);
        if (!design) throw notFound('Design');
        return { design, issues: issuesOf(design) };
      },
    );

    app.put(
      '/api/designs/:id',
      {
        config: { access: 'session' },
        schema: {
          params: IdParams,
          body: DesignUpdate,
          response: { 200: DesignWithIssues, 422: InvalidDesign, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { name, content, version } = request.body;
        const current = repo.get(request.params.id);
        if (!current) throw notFound('Design');
        // A stale edit hears about the conflict first: its problems may already be fixed in the newer version.
        if (current.version !== version) throw versionConflict(current.version, version);
        const issues = validateDesign(content, ctx);
        if (hasErrors(issues)) {
          const n = issues.filter((i) => i.severity === 'error').length;
          return reply.status(422).send({
            code: 'DESIGN_INVALID',
            message: `The design has ${n} problem${n > 1 ? 's' : ''} to fix before it can be saved; nothing was saved.`,
            issues,
          });
        }
        // Saved and every card of the design marked changed (new version, tag, pushes) in one transaction.
        const design = services.db.transaction(() => {
          const saved = repo.update(request.params.id, { name: name.trim(), content, expectedVersion: version });
          deps.changes.markDesignChanged(saved.id, { designVersion: saved.version });
          return saved;
        })();
        return { design, issues };
      },
    );

    app.delete(
      '/api/designs/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        repo.remove(request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/designs/:id/validate',
      {
        config: { access: 'session' },
        schema: {
          params: IdParams,
          body: Type.Object({ content: Type.Unknown() }, { additionalProperties: false }),
          response: { 200: Type.Object({ issues: DesignIssues }), ...errorResponses },
        },
      },
      async (request) => {
        if (!repo.get(request.params.id)) throw notFound('Design');
        return { issues: validateDesign(request.body.content, ctx) };
      },
    );
  };
}
