import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { AppError, notFound } from '../errors.js';
import { parseStoresCsv } from '../stores/csv-import.js';
import { defaultRelevantText, DEFAULT_RADIUS_M } from '../stores/defaults.js';
import { formatHoursText, parseHoursText } from '../stores/hours-text.js';
import { assertValidStore } from '../stores/routes.js';
import type { StoreInput } from '../stores/schemas.js';
import type { StoresParts } from '../stores/stores-module.js';
import type { StoredStore } from '../stores/stores-repository.js';
import { findCustomerId } from './cli-services.js';
import { print, withParts } from './context.js';

interface StoreOptions {
  name?: string;
  address?: string;
  postcode?: string;
  city?: string;
  country?: string;
  phone?: string;
  lat?: number;
  lon?: number;
  geocode?: string;
  radius?: 100 | 200 | 500;
  hours?: string;
  textFr?: string;
  textEn?: string;
  active?: boolean;
}

const number = (label: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${label}: expected a number`);
  return n;
};
const radius = (raw: string): 100 | 200 | 500 => {
  const n = Number(raw);
  if (n !== 100 && n !== 200 && n !== 500) throw new InvalidArgumentError('expected 100, 200 or 500 (metres)');
  return n;
};
const storeId = (raw: string): number => {
  if (!/^\d+$/.test(raw)) throw new InvalidArgumentError('expected a store id (see `store list`)');
  return Number(raw);
};

function withStoreOptions(command: Command): Command {
  return command
    .option('--name <name>', 'store name')
    .option('--address <street>', 'street address')
    .option('--postcode <code>', 'postcode')
    .option('--city <city>', 'city')
    .option('--country <CC>', 'two-letter country code (default FR)')
    .option('--phone <phone>', 'phone number')
    .option('--lat <latitude>', 'latitude (WGS 84)', number('--lat'))
    .option('--lon <longitude>', 'longitude (WGS 84)', number('--lon'))
    .option('--geocode <address>', 'find the position (and address) through Nominatim, one request per second')
    .option('--radius <metres>', 'trigger radius: 100, 200 or 500', radius)
    .option('--hours <text>', 'opening hours, e.g. "mon-fri 09:30-12:30,14:00-19:00; sat 10:00-19:00"')
    .option('--text-fr <text>', 'lock-screen text near the store, in French')
    .option('--text-en <text>', 'lock-screen text near the store, in English')
    .option('--active', 'on customers’ cards')
    .option('--inactive', 'on no card (kept in the list)');
}

async function applyOptions(base: StoreInput, opts: StoreOptions & { inactive?: boolean }, stores: StoresParts): Promise<StoreInput> {
  const next: StoreInput = { ...base };
  if (opts.geocode) {
    const [hit] = await stores.geocoder.search(opts.geocode, 1);
    if (!hit) throw new AppError('ADDRESS_NOT_FOUND', `No address found for "${opts.geocode}": give --lat and --lon instead.`);
    Object.assign(next, { latitude: hit.latitude, longitude: hit.longitude, address: hit.address || next.address, postcode: hit.postcode || next.postcode, city: hit.city || next.city });
    if (hit.country) next.country = hit.country;
  }
  for (const key of ['name', 'address', 'postcode', 'city', 'country', 'phone'] as const) if (opts[key] !== undefined) next[key] = opts[key]!;
  if (opts.lat !== undefined) next.latitude = opts.lat;
  if (opts.lon !== undefined) next.longitude = opts.lon;
  if (opts.radius !== undefined) next.radiusM = opts.radius;
  if (opts.hours !== undefined) {
    const parsed = parseHoursText(opts.hours);
    if ('problem' in parsed) throw new AppError('STORE_INVALID', `--hours: ${parsed.problem}`);
    next.openingHours = parsed.hours;
  }
  if (opts.textFr !== undefined) next.relevantText = { ...next.relevantText, fr: opts.textFr };
  if (opts.textEn !== undefined) next.relevantText = { ...next.relevantText, en: opts.textEn };
  if (opts.active) next.active = true;
  if (opts.inactive) next.active = false;
  return next;
}

function line(s: StoredStore, open: boolean): string {
  const place = [s.address, [s.postcode, s.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const state = s.active ? (open ? 'open now' : 'closed now') : 'inactive';
  return `${String(s.id).padStart(4)}  ${s.name} — ${place || 'no address'} — ${s.radiusM} m — ${state}\n      ${formatHoursText(s.openingHours) || 'no opening hours'}${s.exceptions.length ? ` (+${s.exceptions.length} exceptional dates)` : ''}`;
}

export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('Stores: list, add, edit, delete, import from CSV, opening-hours exceptions, nearest stores');

  store
    .command('list')
    .description('Every store with its radius, hours and whether it is open now')
    .action(() =>
      withParts(({ parts }) => {
        const { directory } = parts.stores;
        const list = directory.stores.list();
        if (list.length === 0) print('No stores yet: `store add` or `store import <file.csv>`.');
        for (const s of list) print(line(s, directory.openNow(s)));
      }),
    );

  withStoreOptions(store.command('add').description('Add a store (--name and a position: --lat/--lon or --geocode)')).action((opts: StoreOptions & { inactive?: boolean }) =>
    withParts(async ({ parts }) => {
      const stores = parts.stores;
      if (!opts.name) throw new AppError('BAD_OPTIONS', 'Give the store a --name.');
      if (!opts.geocode && (opts.lat === undefined || opts.lon === undefined)) throw new AppError('BAD_OPTIONS', 'Give --lat and --lon, or --geocode "address".');
      const base: StoreInput = {
        name: opts.name,
        address: '',
        postcode: '',
        city: '',
        country: 'FR',
        phone: '',
        latitude: 0,
        longitude: 0,
        radiusM: DEFAULT_RADIUS_M,
        openingHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
        exceptions: [],
        relevantText: { fr: '', en: '' },
        active: true,
      };
      const input = await applyOptions(base, opts, stores);
      if (opts.textFr === undefined && opts.textEn === undefined) input.relevantText = defaultRelevantText(input.address);
      assertValidStore(input);
      const id = stores.directory.stores.create(input);
      await stores.storesChanged([id]);
      print(`Store ${id} added: ${input.name} (${input.latitude.toFixed(5)}, ${input.longitude.toFixed(5)}). Cards updated.`);
    }),
  );

  withStoreOptions(store.command('edit <id>').description('Change a store (only the options given)')).action((id: string, opts: StoreOptions & { inactive?: boolean }) =>
    withParts(async ({ parts }) => {
      const stores = parts.stores;
      const current = stores.directory.stores.get(storeId(id));
      if (!current) throw notFound('Store');
      const { id: _id, updatedAt: _u, ...base } = current;
      const input = await applyOptions({ ...base, radiusM: base.radiusM as 100 | 200 | 500 }, opts, stores);
      assertValidStore(input);
      stores.directory.stores.update(current.id, input);
      await stores.storesChanged([current.id]);
      print(`Store ${current.id} saved. Cards updated.`);
    }),
  );

  store
    .command('delete <id>')
    .description('Delete a store: it leaves every card, purchases keep their history')
    .action((id: string) =>
      withParts(async ({ parts }) => {
        const stores = parts.stores;
        const sid = storeId(id);
        if (!stores.directory.stores.get(sid)) throw notFound('Store');
        const holders = stores.directory.customersHolding([sid]);
        stores.directory.stores.remove(sid);
        stores.directory.cardsChanged(holders);
        await stores.storesChanged([]);
        print(`Store ${sid} deleted; ${holders.length} customers’ cards updated.`);
      }),
    );

  store
    .command('import <file>')
    .description('Add stores from a CSV file (columns: name, latitude, longitude, address, postcode, city, phone, radius_m, hours, text_fr, text_en, active); nothing is written if any row is bad')
    .action((file: string) =>
      withParts(async ({ parts }) => {
        const stores = parts.stores;
        const { stores: rows, problems } = parseStoresCsv(readFileSync(resolve(file), 'utf8'));
        if (problems.length > 0) {
          for (const p of problems) print(`row ${p.row}, ${p.column || 'file'}: ${p.problem}`);
          throw new AppError('IMPORT_INVALID', `Nothing imported: ${problems.length} problem${problems.length > 1 ? 's' : ''} to fix.`);
        }
        const ids = stores.directory.stores.createMany(rows);
        await stores.storesChanged(ids);
        print(`${ids.length} stores imported.`);
      }),
    );

  store
    .command('closure <id>')
    .description('Add an exceptional closure (or, with --hours, exceptional opening hours) from --from to --to')
    .requiredOption('--from <YYYY-MM-DD>', 'first day')
    .option('--to <YYYY-MM-DD>', 'last day (default: --from)')
    .option('--hours <slots>', 'open these hours instead of closed, e.g. "10:00-13:00,14:00-18:00"')
    .option('--note <text>', 'e.g. Noël', '')
    .action((id: string, opts: { from: string; to?: string; hours?: string; note: string }) =>
      withParts(async ({ parts }) => {
        const stores = parts.stores;
        const current = stores.directory.stores.get(storeId(id));
        if (!current) throw notFound('Store');
        const slots = opts.hours ? parseHoursText(`mon ${opts.hours}`) : { hours: { mon: [] } };
        if ('problem' in slots) throw new AppError('STORE_INVALID', `--hours: ${slots.problem}`);
        const { id: _id, updatedAt: _u, ...base } = current;
        const input = { ...base, radiusM: base.radiusM as 100 | 200 | 500, exceptions: [...base.exceptions, { from: opts.from, to: opts.to ?? opts.from, hours: slots.hours.mon, note: opts.note }] };
        assertValidStore(input);
        stores.directory.stores.update(current.id, input);
        await stores.storesChanged([current.id]);
        print(`Store ${current.id}: ${opts.hours ? `open ${opts.hours}` : 'closed'} from ${opts.from} to ${opts.to ?? opts.from}.`);
      }),
    );

  store
    .command('nearest')
    .description('The stores a customer’s card carries, nearest first, and what they are measured from')
    .requiredOption('--customer <email|id>', 'the customer')
    .action((opts: { customer: string }) =>
      withParts(({ db, parts }) => {
        const stores = parts.stores;
        const found = stores.directory.nearestStoresForCustomer(findCustomerId(db, opts.customer));
        if (!found || found.stores.length === 0) return print('No active stores.');
        print(`Measured from: ${found.basis}`);
        for (const s of found.stores) print(`${String(s.id).padStart(4)}  ${s.name} (${s.city})${s.openNow ? '' : ' — closed now'}`);
      }),
    );

  store
    .command('geocode <address>')
    .description('Find an address through Nominatim (the geocoder.url setting)')
    .action((address: string) =>
      withParts(async ({ parts }) => {
        const results = await parts.stores.geocoder.search(address);
        if (results.length === 0) print('No address found.');
        for (const r of results) print(`${r.latitude.toFixed(6)}, ${r.longitude.toFixed(6)}  ${r.label}`);
      }),
    );

  store
    .command('refresh')
    .description('Recompute every customer’s nearest stores now and update the cards whose list changed')
    .action(() =>
      withParts(async ({ parts }) => {
        const result = await parts.stores.directory.refresh('all');
        print(`${result.looked} customers looked at, ${result.changed} cards changed.`);
      }),
    );
}
