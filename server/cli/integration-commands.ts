/**
 * `apikey create|list|revoke` (keys of the REST API, shown once) and `customer import|export` (CSV files, the same
 * check and import as Customers → Import: nothing written while any row is wrong; the same file twice changes nothing).
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../errors.js';
import { parseScopes } from '../integrations/api/api-keys.js';
import { exportCustomers, exportPurchases } from '../integrations/csv/csv-export.js';
import type { ImportMapping, ImportView } from '../integrations/schemas.js';
import { print, withParts } from './context.js';

const day = (ms: number | null): string => (ms === null ? 'never' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

/** `--map email=Courriel --map firstName=Prénom`. */
function mapEntry(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const m = /^([A-Za-z]+)=(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected field=Column, e.g. email=Courriel');
  return { ...previous, [m[1]!]: m[2]! };
}

function progressLine(done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} rows`);
}

export function registerIntegrationCommands(program: Command): void {
  const apikey = program.command('apikey').description('API keys of the REST API (the website, the till software, the CRM)');
  apikey
    .command('create')
    .description('Create a key and print it once (only its hash is kept)')
    .requiredOption('--name <name>', 'who uses it, e.g. "Site e-commerce"')
    .requiredOption('--scopes <scopes>', 'comma-separated: customers:read, customers:write, purchases:write, events:write', parseScopes)
    .action((opts: { name: string; scopes: ReturnType<typeof parseScopes> }) =>
      withParts(({ parts }) => {
        const { key, apiKey } = parts.integrations.keys.create(opts.name, opts.scopes);
        print(key);
        process.stderr.write(`API key ${apiKey.id} "${apiKey.name}" (${apiKey.scopes.join(', ')}): copy it now, it is not shown again.\n`);
      }),
    );
  apikey
    .command('list')
    .description('Every key: id, name, scopes, created, last used, revoked')
    .action(() =>
      withParts(({ parts }) => {
        const keys = parts.integrations.keys.list();
        if (keys.length === 0) print('No API keys yet: passerelle apikey create --name <name> --scopes <scopes>');
        for (const k of keys) {
          print(`${k.id}\t${k.prefix}\t${k.name}\t${k.scopes.join(',')}\tcreated ${day(k.createdAt)}\tlast used ${day(k.lastUsedAt)}${k.revokedAt ? `\tREVOKED ${day(k.revokedAt)}` : ''}`);
        }
      }),
    );
  apikey
    .command('revoke')
    .description('Revoke a key: every request with it is refused from now on')
    .argument('<id>', 'the key id (apikey list)')
    .action((id: string) =>
      withParts(({ parts }) => {
        if (!/^\d{1,12}$/.test(id)) throw new AppError('VALIDATION_ERROR', 'Give the key id shown by apikey list.');
        const k = parts.integrations.keys.revoke(Number(id));
        print(`API key ${k.id} "${k.name}" revoked.`);
      }),
    );

  const customer = program.commands.find((c) => c.name() === 'customer') ?? program.command('customer').description('Customers');
  customer
    .command('import')
    .description('Import customers (or, with --purchases, purchases) from a CSV file; every row is checked first, nothing is written while any is wrong')
    .argument('<file.csv>', 'the file (; or , separated, UTF-8 with or without BOM, or Excel’s Windows-1252)')
    .option('--purchases', 'the file holds purchases (customer e-mail or id, order id, amount, date, store, channel)')
    .option('--dry-run', 'check every row and say what would change, without writing anything')
    .option('--map <field=Column>', 'map a field to a column when its header is not recognised (repeatable)', mapEntry)
    .action((file: string, opts: { purchases?: boolean; dryRun?: boolean; map?: Record<string, string> }) =>
      withParts(async ({ parts }) => {
        if (!existsSync(file)) throw new AppError('FILE_NOT_FOUND', `No file ${file}.`);
        const imports = parts.integrations.imports;
        const up = await imports.upload(opts.purchases ? 'purchases' : 'customers', basename(file), createReadStream(file));
        const mapping: ImportMapping = { ...up.suggested, ...(opts.map ?? {}) };
        const delimiter = up.import.delimiter === '\t' ? 'tab' : up.import.delimiter;
        print(`${basename(file)}: "${delimiter}" separated, ${up.import.encoding}${up.import.hasBom ? ' with BOM' : ''}; columns: ${up.import.headers.join(', ')}`);
        print(`Mapping: ${Object.entries(mapping).filter(([, c]) => c).map(([f, c]) => `${f} ← ${c}`).join(', ')}`);
        const checked = await imports.check(up.import.id, mapping);
        const c = checked.check!;
        if (c.problemCount > 0) {
          print(`${c.rows} rows checked: ${c.problemCount} problem(s); nothing was imported.`);
          for (const p of c.problems.slice(0, 50)) print(`  row ${p.row}, ${p.column || '—'}: ${p.problem}`);
          if (c.problemCount > 50) print(`  … and ${c.problemCount - 50} more`);
          throw new AppError('IMPORT_INVALID', 'Correct the file (or the mapping with --map field=Column) and import it again.');
        }
        print(`${c.rows} rows checked: ${c.create} new, ${c.update} changed, ${c.unchanged} unchanged.`);
        if (opts.dryRun) {
          print('Dry run: nothing was written.');
          return;
        }
        const done: ImportView = await imports.runHere(up.import.id, (n) => progressLine(n, c.rows));
        progressLine(done.doneRows, c.rows);
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (done.status !== 'done') throw new AppError('IMPORT_FAILED', `The import stopped: ${done.error ?? 'unknown error'}. Rows already imported stay; importing the file again finishes it.`);
        print(`Imported: ${done.created} created, ${done.updated} updated, ${done.unchanged} unchanged.`);
      }),
    );
  customer
    .command('export')
    .description('Export customers (or, with --purchases, purchases) as CSV for Excel: ; separated, UTF-8 with BOM')
    .requiredOption('--out <file.csv>', 'where to write it')
    .option('--purchases', 'export purchases instead of customers')
    .action((opts: { out: string; purchases?: boolean }) =>
      withParts(async ({ parts }) => {
        const source = (opts.purchases ? exportPurchases : exportCustomers)(parts.integrations.exports);
        await pipeline(source, createWriteStream(opts.out, { mode: 0o600 }));
        print(`Written ${opts.out}.`);
      }),
    );
}
