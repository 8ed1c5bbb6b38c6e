import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../errors.js';
import { publicUrlWarning } from '../http/public-url.js';
import { allCustomerIds, downloadUrlOf, exportPasses, folderSink } from '../passes/exports/export-passes.js';
import { qrPng, qrSvg } from '../passes/exports/qr.js';
import { findCustomerId } from './cli-services.js';
import { print, withParts } from './context.js';

interface ExportOptions {
  customer?: string;
  all?: boolean;
  out: string;
  force?: boolean;
  threads?: number;
}

function positiveInt(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('expected a whole number from 1 to 256');
  return n;
}

function refuseOverwrite(path: string, force: boolean | undefined): void {
  if (existsSync(path) && !force) throw new AppError('FILE_EXISTS', `${path} already exists; add --force to overwrite it.`);
}

/** A progress line that rewrites itself on a terminal, and a few plain lines otherwise (logs, CI). */
function progressPrinter(): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const pct = Math.floor((done / total) * 100);
    if (process.stdout.isTTY) {
      process.stdout.write(`\rExporting passes: ${done}/${total} (${pct} %)`);
      if (done === total) process.stdout.write('\n');
    } else if (Math.floor(pct / 25) !== shown || done === total) {
      shown = Math.floor(pct / 25);
      print(`Exporting passes: ${done}/${total}`);
    }
  };
}

/** Passes and QR codes carry the public URL: say so on stderr when phones could not use it. */
function warnAboutPublicUrl(url: string): void {
  const warning = publicUrlWarning(url);
  if (warning) process.stderr.write(`${warning}\n`);
}

export function registerPassCommands(program: Command): void {
  const pass = program.command('pass').description('Apple Wallet passes: export them as files, or their QR codes');

  pass
    .command('export')
    .description('Write one customer’s .pkpass (--customer, --out file), or every customer’s into a folder (--all, --out dir)')
    .option('--customer <email|id>', 'the customer, by e-mail or id')
    .option('--all', 'every customer: one .pkpass each, plus links.csv')
    .requiredOption('--out <path>', 'the .pkpass file (--customer) or the folder (--all)')
    .option('-f, --force', 'overwrite an existing file, or write into a folder that is not empty')
    .option('--threads <n>', 'worker threads for --all (default: one per core)', positiveInt)
    .action((opts: ExportOptions) =>
      withParts(async ({ db, services, parts }) => {
        if (Boolean(opts.customer) === Boolean(opts.all)) throw new AppError('BAD_OPTIONS', 'Give either --customer <email|id> or --all.');
        warnAboutPublicUrl(services.urls.public());
        const { files, identity } = parts.apple;
        const out = resolve(opts.out);
        if (opts.customer) {
          refuseOverwrite(out, opts.force);
          const bytes = await files.build(files.issue(findCustomerId(db, opts.customer)));
          writeFileSync(out, bytes, { mode: 0o600 });
          print(`Pass written to ${out} (${Math.round(bytes.length / 1024)} KiB, signed with the ${identity.view().source} identity).`);
          return;
        }
        if (existsSync(out) && readdirSync(out).length > 0 && !opts.force) {
          throw new AppError('FOLDER_NOT_EMPTY', `${out} is not empty; add --force to write into it anyway.`);
        }
        const ids = allCustomerIds(db);
        if (ids.length === 0) throw new AppError('NOTHING_TO_EXPORT', 'There are no customers to export yet.');
        const started = performance.now();
        const { count } = await exportPasses(
          { db, files, publicUrl: () => services.urls.public() },
          ids,
          await folderSink(out),
          { onProgress: progressPrinter() },
        );
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        print(`Exported ${count} passes and links.csv to ${out} in ${seconds} s.`);
      }, opts.threads ? { signing: { threads: opts.threads } } : {}),
    );

  pass
    .command('qr')
    .description('Write the QR code of a customer’s pass download link (.png or .svg, from --out)')
    .requiredOption('--customer <email|id>', 'the customer, by e-mail or id')
    .requiredOption('--out <file>', 'a .png or .svg file')
    .option('-f, --force', 'overwrite an existing file')
    .action((opts: { customer: string; out: string; force?: boolean }) =>
      withParts(async ({ db, services, parts }) => {
        const out = resolve(opts.out);
        const format = extname(out).toLowerCase();
        if (format !== '.png' && format !== '.svg') throw new AppError('BAD_OPTIONS', '--out must end in .png or .svg.');
        refuseOverwrite(out, opts.force);
        const pass = parts.apple.files.issue(findCustomerId(db, opts.customer));
        warnAboutPublicUrl(services.urls.public());
        const url = downloadUrlOf(services.urls.public(), pass.downloadId);
        // The QR code opens the customer's card: as private as the pass itself.
        writeFileSync(out, format === '.png' ? await qrPng(url) : await qrSvg(url), { mode: 0o600 });
        print(`QR code written to ${out}; it opens ${url}`);
      }),
    );
}
