import { Type } from 'typebox';
import { AppError, notFound } from '../errors.js';
import type { Server } from '../http/fastify.js';
import { ErrorSchema, errorResponses, IdParams } from '../http/schemas.js';
import type { Services } from '../services.js';
import { parseStoresCsv } from './csv-import.js';
import { defaultRelevantText, DEFAULT_RADIUS_M } from './defaults.js';
import { hoursProblems } from './opening-hours.js';
import { GeocodeResult, ImportReport, MapConfig, Store, StoreInput, StoreList } from './schemas.js';
import type { StoresParts } from './stores-module.js';
import type { StoredStore } from './stores-repository.js';

const withErrors = { ...errorResponses, 503: ErrorSchema };

/** What the schema cannot say: hours that close before they open, overlapping slots or exceptions. */
export function assertValidStore(input: StoreInput): void {
  const problems = hoursProblems(input.openingHours, input.exceptions);
  if (problems.length > 0) throw new AppError('STORE_INVALID', problems.join('; '), 400);
}

export function storeRoutes(services: Services, { directory, geocoder, storesChanged }: StoresParts) {
  const repo = directory.stores;
  const view = (s: StoredStore) => ({ ...s, openNow: directory.openNow(s) });

  return async function (app: Server): Promise<void> {
    app.get('/api/stores', { config: { access: 'session' }, schema: { response: { 200: StoreList, ...errorResponses } } }, async () => ({
      items: repo.list().map(view),
      busiest: directory.locator().busiest,
      timeZone: (services.settings.get('brand.timeZone') as string) || Intl.DateTimeFormat().resolvedOptions().timeZone,
      defaults: { radiusM: DEFAULT_RADIUS_M, relevantText: defaultRelevantText('') },
    }));

    app.get('/api/stores/map', { config: { access: 'session' }, schema: { response: { 200: MapConfig, ...errorResponses } } }, async () => ({
      tileUrl: services.settings.get('map.tileUrl') as string,
      attribution: services.settings.get('map.attribution') as string,
    }));

    app.get(
      '/api/stores/geocode',
      {
        config: { access: 'session' },
        schema: {
          querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(GeocodeResult) }), ...withErrors },
        },
      },
      async (request) => ({ items: await geocoder.search(request.query.q) }),
    );

    app.get(
      '/api/stores/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: Store, ...errorResponses } } },
      async (request) => {
        const store = repo.get(request.params.id);
        if (!store) throw notFound('Store');
        return view(store);
      },
    );

    app.post(
      '/api/stores',
      { config: { access: 'session' }, schema: { body: StoreInput, response: { 201: Store, ...errorResponses } } },
      async (request, reply) => {
        assertValidStore(request.body);
        const id = repo.create(request.body);
        void storesChanged([id]);
        return reply.status(201).send(view(repo.get(id)!));
      },
    );

    app.put(
      '/api/stores/:id',
      { config: { access: 'session' }, schema: { params: IdParams, body: StoreInput, response: { 200: Store, ...errorResponses } } },
      async (request) => {
        assertValidStore(request.body);
        if (!repo.update(request.params.id, request.body)) throw notFound('Store');
        void storesChanged([request.params.id]);
        return view(repo.get(request.params.id)!);
      },
    );

    app.delete(
      '/api/stores/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        // The cards that listed it change: find them before the row (and their link to it) is gone.
        const holders = repo.get(request.params.id) ? [request.params.id] : [];
        if (holders.length === 0) throw notFound('Store');
        const changed = directory.customersHolding(holders);
        repo.remove(request.params.id);
        directory.cardsChanged(changed);
        void storesChanged([]);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/stores/import',
      {
        config: { access: 'session' },
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          body: Type.Object({ csv: Type.String({ maxLength: 4 * 1024 * 1024 }) }, { additionalProperties: false }),
          response: { 200: ImportReport, ...errorResponses },
        },
      },
      async (request) => {
        const { stores, problems } = parseStoresCsv(request.body.csv);
        if (problems.length > 0) return { imported: 0, problems };
        const ids = repo.createMany(stores);
        void storesChanged(ids);
        return { imported: ids.length, problems: [] };
      },
    );
  };
}
