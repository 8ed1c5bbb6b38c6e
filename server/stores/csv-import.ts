/**
 * Stores from a CSV file: every row is checked before anything is written, and the report names each bad row, its
 * column and the problem. Nothing is written while any row is bad.
 */
import Papa from 'papaparse';
import { Value } from 'typebox/value';
import { defaultRelevantText, DEFAULT_RADIUS_M } from './defaults.js';
import { parseHoursText } from './hours-text.js';
import { StoreInput, type ImportRowProblem } from './schemas.js';

export const CSV_COLUMNS = [
  'name',
  'address',
  'postcode',
  'city',
  'country',
  'phone',
  'latitude',
  'longitude',
  'radius_m',
  'hours',
  'text_fr',
  'text_en',
  'active',
] as const;
const REQUIRED = ['name', 'latitude', 'longitude'] as const;
export const MAX_IMPORT_ROWS = 5_000;

export interface ParsedImport {
  stores: StoreInput[];
  problems: ImportRowProblem[];
}

function number(raw: string): number | undefined {
  const t = raw.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

export function parseStoresCsv(text: string): ParsedImport {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const problems: ImportRowProblem[] = [];
  const headers = parsed.meta.fields ?? [];
  for (const col of REQUIRED) if (!headers.includes(col)) problems.push({ row: 1, column: col, problem: 'missing column' });
  for (const h of headers) if (!(CSV_COLUMNS as readonly string[]).includes(h)) problems.push({ row: 1, column: h, problem: `unknown column (known: ${CSV_COLUMNS.join(', ')})` });
  if (problems.length > 0) return { stores: [], problems };
  if (parsed.data.length > MAX_IMPORT_ROWS) return { stores: [], problems: [{ row: 1, column: '', problem: `more than ${MAX_IMPORT_ROWS} rows` }] };
  for (const e of parsed.errors) if (e.row !== undefined) problems.push({ row: e.row + 2, column: '', problem: e.message });

  const stores: StoreInput[] = [];
  parsed.data.forEach((record, i) => {
    const row = i + 2; // line 1 is the header
    const bad = (column: string, problem: string) => problems.push({ row, column, problem });
    const get = (c: string) => (record[c] ?? '').trim();
    const before = problems.length;
    if (!get('name')) bad('name', 'empty');
    const latitude = number(get('latitude'));
    const longitude = number(get('longitude'));
    if (latitude === undefined) bad('latitude', get('latitude') ? `"${get('latitude')}" is not a number` : 'empty');
    else if (latitude < -90 || latitude > 90) bad('latitude', `${latitude} is not between -90 and 90`);
    if (longitude === undefined) bad('longitude', get('longitude') ? `"${get('longitude')}" is not a number` : 'empty');
    else if (longitude < -180 || longitude > 180) bad('longitude', `${longitude} is not between -180 and 180`);
    const radius = get('radius_m') ? number(get('radius_m')) : DEFAULT_RADIUS_M;
    if (radius !== 100 && radius !== 200 && radius !== 500) bad('radius_m', `"${get('radius_m')}" is not 100, 200 or 500`);
    const hours = parseHoursText(get('hours'));
    if ('problem' in hours) bad('hours', hours.problem);
    const country = (get('country') || 'FR').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) bad('country', `"${get('country')}" is not a two-letter country code`);
    const active = get('active').toLowerCase();
    if (active && !['1', '0', 'true', 'false', 'yes', 'no', 'oui', 'non'].includes(active)) bad('active', `"${get('active')}" is not yes or no`);
    if (problems.length > before) return;
    const fallback = defaultRelevantText(get('address'));
    const store: StoreInput = {
      name: get('name'),
      address: get('address'),
      postcode: get('postcode'),
      city: get('city'),
      country,
      phone: get('phone'),
      latitude: latitude!,
      longitude: longitude!,
      radiusM: radius as 100 | 200 | 500,
      openingHours: 'hours' in hours ? hours.hours : { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      exceptions: [],
      relevantText: { fr: get('text_fr') || fallback.fr, en: get('text_en') || fallback.en },
      active: !['0', 'false', 'no', 'non'].includes(active),
    };
    // Lengths and the rest of the contract, column by column.
    for (const err of Value.Errors(StoreInput, store)) {
      const field = err.instancePath.split('/')[1] ?? '';
      const column = { radiusM: 'radius_m', relevantText: err.instancePath.endsWith('/en') ? 'text_en' : 'text_fr', openingHours: 'hours' }[field] ?? field;
      bad(column, err.message);
    }
    if (problems.length === before) stores.push(store);
  });
  return { stores, problems };
}
