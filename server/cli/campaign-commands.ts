import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../errors.js';
import { createJobRunner } from '../jobs/runner.js';
import { MESSAGE_CATEGORIES, type MessageCategory } from '../messaging/schemas.js';
import type { CampaignRun } from '../campaigns/schemas.js';
import { print, withParts } from './context.js';

const number = (n: number): string => n.toLocaleString('en');

function category(raw: string): MessageCategory {
  if (!(MESSAGE_CATEGORIES as readonly string[]).includes(raw)) throw new InvalidArgumentError(`one of ${MESSAGE_CATEGORIES.join(', ')}`);
  return raw as MessageCategory;
}

function isoTime(raw: string): number {
  const t = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(t)) throw new InvalidArgumentError('an ISO date and time, e.g. 2025-11-28T10:00:00+01:00');
  return t;
}

function heldLines(held: Record<string, number>): string[] {
  return Object.entries(held).map(([reason, n]) => `  ${reason.padEnd(18)} ${number(n)}`);
}

export function registerCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('Lock-screen messages to a segment, through the messages guard');

  campaign
    .command('send')
    .description('Send a message to a saved segment (or all), now or at a time; prints how many got it and how many were held back, by reason')
    .requiredOption('--segment <name|all>', 'a saved segment’s name, or "all" for every customer')
    .requiredOption('--message <text>', 'the French text (placeholders: {{firstName}}, {{points}}, {{tier}}…)')
    .option('--message-en <text>', 'the English text for customers who read English')
    .option('--category <category>', `${MESSAGE_CATEGORIES.join(', ')} (default relational)`, category, 'relational' as MessageCategory)
    .option('--name <name>', 'the campaign’s name in reports')
    .option('--at <iso>', 'send at this time instead of now (a running Passerelle sends it)', isoTime)
    .option('--control <percent>', 'hold out this share as a control group (0-50)', (v) => Number(v), 0)
    .action((opts: { segment: string; message: string; messageEn?: string; category: MessageCategory; name?: string; at?: number; control: number }) =>
      withParts(async ({ db, services, parts }) => {
        let segmentId: number | null = null;
        if (opts.segment !== 'all') {
          const saved = parts.segments.repository.byName(opts.segment);
          if (!saved) throw new AppError('NOT_FOUND', `No segment named “${opts.segment}”. \`passerelle segment list\` shows them.`);
          segmentId = saved.id;
        }
        const { campaigns } = parts.campaigns;
        const at = opts.at ?? services.now();
        const preview = campaigns.preview({ category: opts.category, segmentId, controlPercent: opts.control, at });
        const created = campaigns.create({
          name: opts.name ?? `${opts.message.slice(0, 60)}`,
          category: opts.category,
          messageFr: opts.message,
          messageEn: opts.messageEn ?? '',
          segmentId,
          schedule: opts.at === undefined ? { kind: 'now' } : { kind: 'at', at: opts.at },
          controlPercent: opts.control,
        });
        const zone = parts.messaging.guard.settings().timeZone;
        const local = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(t);
        if (opts.at !== undefined || preview.waitsUntil !== null) {
          const when = preview.waitsUntil ?? at;
          print(`Campaign #${created.id} scheduled for ${local(when)} (${zone})${preview.waitsUntil !== null ? ', after quiet hours' : ''}; a running Passerelle sends it.`);
          print(`As of now: ${number(preview.willGet)} would get it, ${number(preview.audience - preview.willGet - preview.unreachable - preview.control)} held back, ${number(preview.unreachable)} not in a wallet.`);
          for (const line of heldLines(preview.held)) print(line);
          return;
        }
        // Sent here and now, by the same job the server runs (its pushes leave from the running Passerelle).
        const runner = createJobRunner({ db, jobs: parts.jobs.jobs, now: services.now, pollMs: 50 });
        runner.register(parts.campaigns.sendHandler);
        runner.start();
        await runner.idle('campaign.send');
        await runner.stop();
        const run: CampaignRun | undefined = campaigns.report(created.id).runs[0];
        if (!run || run.status !== 'done') throw new AppError('NOT_SENT', `Campaign #${created.id} did not finish here (${run?.status ?? 'no run'}); a running Passerelle will carry on.`);
        const heldTotal = Object.values(run.held).reduce((a, b) => a + b, 0);
        print(`Campaign #${created.id}: sent to ${number(run.sent)} customers, held back ${number(heldTotal)}, not in a wallet ${number(run.unreachable ?? 0)}${run.control ? `, control group ${number(run.control)}` : ''}.`);
        for (const line of heldLines(run.held)) print(line);
        for (const w of preview.warnings) {
          print(w.kind === 'mix_drift' ? `warning: ${w.category} messages make ${w.share} % of the last 30 days (aim ~${w.target} %)` : `warning: mechanic “${w.mechanic}” used ${w.times} times lately`);
        }
      }),
    );
}
