import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Value } from 'typebox/value';
import { AppError } from '../errors.js';
import { SegmentDefinition } from '../segments/schemas.js';
import { print, withParts } from './context.js';

const number = (n: number): string => n.toLocaleString('en');

/** A definition from a JSON file, checked against the same schema as the API's. */
export function readDefinition(file: string): SegmentDefinition {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new AppError('BAD_FILE', `${file}: ${(err as Error).message}`);
  }
  if (!Value.Check(SegmentDefinition, value)) {
    const first = Value.Errors(SegmentDefinition, value)[0];
    throw new AppError('VALIDATION_ERROR', `${file}: not a segment definition (${first?.instancePath || '/'} ${first?.message ?? ''})`);
  }
  return value;
}

export function registerSegmentCommands(program: Command): void {
  const segment = program.command('segment').description('Segments: saved groups of customers, and how many each holds');

  segment
    .command('list')
    .description('Every saved segment')
    .action(() =>
      withParts(({ parts }) => {
        const all = parts.segments.repository.list();
        if (all.length === 0) return print('No saved segment yet.');
        for (const s of all) print(`${String(s.id).padStart(4)}  ${s.name}${s.campaigns > 0 ? `  (audience of ${s.campaigns} campaign(s) to send)` : ''}`);
      }),
    );

  segment
    .command('count [name]')
    .description('How many customers a saved segment (by name) or a definition (--json file) holds, and how long counting took')
    .option('--json <file>', 'a segment definition in JSON: {"match":"all","conditions":[…]}')
    .action((name: string | undefined, opts: { json?: string }) =>
      withParts(({ parts }) => {
        if (Boolean(name) === Boolean(opts.json)) throw new AppError('BAD_OPTIONS', 'Give either a saved segment’s name or --json <file>.');
        let definition: SegmentDefinition;
        if (opts.json) {
          definition = readDefinition(opts.json);
        } else {
          const saved = parts.segments.repository.byName(name!);
          if (!saved) throw new AppError('NOT_FOUND', `No segment named “${name}”. \`passerelle segment list\` shows them.`);
          definition = saved.definition;
        }
        const r = parts.segments.count(definition);
        const share = r.total === 0 ? 0 : (r.count / r.total) * 100;
        print(`${number(r.count)} customers (${share.toFixed(1)} % of ${number(r.total)})`);
        print(`counted in ${r.ms.toFixed(1)} ms`);
      }),
    );
}
