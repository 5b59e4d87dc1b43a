import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ValidationError } from '../errors.js';
import { preloadMjml } from '../mail/render.js';
import type { NewsletterInput } from '../newsletters/catalogue.js';
import { DEFAULT_SEND_CONNECTIONS } from '../newsletters/send-defaults.js';
import type { SendProgress } from '../newsletters/sender.js';
import type { Services } from '../services.js';
import { withRuntime } from './run.js';

interface SettingsOptions {
  name?: string;
  description?: string;
  cron?: string;
  timezone?: string;
  label?: string;
  noSchedule?: boolean;
  rule?: string;
  sections?: string;
  topics?: string;
  senderName?: string;
  replyTo?: string;
  approval?: boolean;
  marketing?: boolean;
}

/** Turns command-line options into a catalogue change, leaving out what was not given. */
async function settingsFrom(o: SettingsOptions): Promise<Partial<NewsletterInput>> {
  const out: Partial<NewsletterInput> = {};
  if (o.name !== undefined) out.name = o.name;
  if (o.description !== undefined) out.description = o.description;
  if (o.noSchedule) out.cadence = null;
  else if (o.cron) out.cadence = { cron: o.cron, timezone: o.timezone ?? 'Europe/London', label: o.label ?? o.cron };
  if (o.rule) {
    if (!['latest', 'print-issue', 'archive', 'manual'].includes(o.rule)) {
      throw new ValidationError('Invalid newsletter', [{ path: 'rule', message: 'must be latest, print-issue, archive or manual' }]);
    }
    const { ruleFromText } = await import('../newsletters/catalogue.js');
    out.rule = ruleFromText(o.rule, o.sections, o.topics);
  }
  if (o.senderName !== undefined) out.senderName = o.senderName;
  if (o.replyTo !== undefined) out.replyTo = o.replyTo;
  if (o.approval !== undefined) out.requiresApproval = o.approval;
  if (o.marketing !== undefined) out.marketing = o.marketing;
  return out;
}

function settingsOptions(command: Command): Command {
  return command
    .option('--name <name>', 'display name')
    .option('--description <text>', 'one or two sentences for the signup box')
    .option('--cron <pattern>', 'schedule, e.g. "0 7 * * 1-5" (weekdays at 07:00)')
    .option('--timezone <zone>', 'IANA time zone of the schedule', 'Europe/London')
    .option('--label <text>', 'the schedule in words, e.g. "Weekday mornings"')
    .option('--no-schedule', 'no schedule: issues are made by hand')
    .option('--rule <kind>', 'content: latest, print-issue, archive or manual')
    .option('--sections <slugs>', 'latest rule: comma-separated section slugs')
    .option('--topics <slugs>', 'latest rule: comma-separated topic slugs')
    .option('--sender-name <name>', 'the From name')
    .option('--reply-to <email>', 'the Reply-To address')
    .option('--approval', 'hold composed issues for an editor\'s approval')
    .option('--no-approval', 'send composed issues at once')
    .option('--marketing', 'a marketing-consent list');
}

interface SendCliOptions {
  connections: string;
  lease: string;
}

async function sendWithProgress(services: Services, issueId: number, opts: SendCliOptions) {
  const { Presets, SingleBar } = await import('cli-progress');
  const bar = new SingleBar({ format: 'Sending |{bar}| {value}/{total} sent, {failed} failed, {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
  let started = false;
  const report = await services.newsletters.send(issueId, {
    connections: Number(opts.connections),
    leaseMs: Number(opts.lease) * 1000,
    // Each figure counts the issue's deliveries in the database: only for a person watching.
    ...(process.stderr.isTTY && {
      progressEveryMs: 1000,
      onProgress(p: SendProgress) {
        if (!started) bar.start(p.total, p.sent, { failed: p.failed });
        started = true;
        bar.update(p.sent, { failed: p.failed });
      },
    }),
  });
  if (started) bar.stop();
  console.log(
    `Issue ${issueId}: ${report.sent}/${report.total} sent, ${report.failed} failed${report.finished ? '' : ' (not finished: run again to resume)'}.` +
      ` This process sent ${report.sentByThisRun}.` +
      ` In flight at an earlier crash and sent again: ${report.resentByThisRun}.`,
  );
}

/** A window's ends as a newsroom reads them, in the site's time zone. */
function windowInWords(window: { since: string; until: string }, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
  return `${format.format(new Date(window.since))} and ${format.format(new Date(window.until))} (${timeZone})`;
}

export function registerNewsletter(program: Command): void {
  const nl = program.command('newsletter').description('manage newsletters, subscribers and sends');

  nl.command('list')
    .description('the catalogue with schedules and active subscribers')
    .action(() =>
      withRuntime(async ({ services }) => {
        const counts = await services.newsletters.subscriptions.activeCounts();
        for (const n of await services.newsletters.list()) {
          const schedule = n.cadence ? `${n.cadence.cron} ${n.cadence.timezone}` : 'no schedule';
          console.log(`${n.slug}\t${n.name}\t${schedule}\t${n.rule.kind}\t${counts.get(n.id) ?? 0} subscribers${n.requiresApproval ? '\tneeds approval' : ''}`);
        }
      }),
    );

  settingsOptions(nl.command('add').description('add a newsletter').argument('<slug>', 'URL name, e.g. morning-briefing')).action((slug: string, o: SettingsOptions) =>
    withRuntime(async ({ services }) => {
      const n = await services.newsletters.add({ rule: { kind: 'manual' }, cadence: null, name: '', ...(await settingsFrom(o)), slug } as NewsletterInput);
      console.log(`Added ${n.slug} (${n.name}).`);
    }),
  );

  settingsOptions(nl.command('edit').description('change some settings of a newsletter').argument('<slug>')).action((slug: string, o: SettingsOptions) =>
    withRuntime(async ({ services }) => {
      const n = await services.newsletters.edit(slug, await settingsFrom(o));
      console.log(`Saved ${n.slug} (${n.name}).`);
    }),
  );

  nl.command('send')
    .description('compose an issue now and send it; or approve a held issue; or resume unfinished sends')
    .argument('[slug]', 'newsletter to compose an issue of (omit with --resume)')
    .option('--issue <id>', 'approve and send this held issue')
    .option('--subject <text>', 'hand-made issue: its subject')
    .option('--intro <text>', 'hand-made issue: its introduction', '')
    .option('--article <path...>', 'hand-made issue: article paths, e.g. /world/2026/01/slug')
    .option('--resume', 'finish every send in progress (after a crash or restart)')
    .addOption(new Option('--connections <n>', 'SMTP connections (at most this many can arrive twice after a crash)').default(String(DEFAULT_SEND_CONNECTIONS)))
    .addOption(new Option('--lease <seconds>', 'how long a crashed sender\'s share waits before another process takes it over').default('60'))
    .action((slug: string | undefined, o: SendCliOptions & { issue?: string; subject?: string; intro: string; article?: string[]; resume?: boolean }) => {
      // A new issue is composed with MJML: its load overlaps the runtime's start and the database work.
      if (slug && !o.issue && !o.resume) preloadMjml();
      return withRuntime(async ({ services, config }) => {
        const { issues } = services.newsletters;
        // Refused before anything is composed or approved: links in emails need SITE_URL.
        services.newsletters.emailLinkBase();
        if (o.resume) {
          const sending = await issues.sending();
          if (!sending.length) console.log('No send in progress.');
          for (const issue of sending) await sendWithProgress(services, issue.id, o);
          return;
        }
        if (o.issue) {
          const issue = await issues.approve(Number(o.issue));
          return sendWithProgress(services, issue.id, o);
        }
        if (!slug) throw new ValidationError('Give a newsletter slug, --issue <id> or --resume');
        const manual = o.subject ? { subject: o.subject, intro: o.intro, articles: o.article ?? [] } : undefined;
        const outcome = await issues.composeNow(slug, manual);
        if (!outcome.issue || outcome.skipped) {
          const when = outcome.window ? ` published between ${windowInWords(outcome.window, config.timeZone)}` : '';
          return console.log(`Nothing new for ${slug}${when}: no issue sent.`);
        }
        if (outcome.issue.status === 'awaiting_approval') {
          return console.log(`Issue ${outcome.issue.id} "${outcome.issue.subject}" waits for approval: broadsheet newsletter send --issue ${outcome.issue.id}`);
        }
        await sendWithProgress(services, outcome.issue.id, o);
      });
    });

  nl.command('import-subscribers')
    .description('add confirmed subscribers from a file of addresses (one a line, or CSV with the address first); all or nothing')
    .argument('<slug>')
    .argument('<file>')
    .action((slug: string, file: string) =>
      withRuntime(async ({ services }) => {
        const lines = readFileSync(file, 'utf8')
          .split(/\r?\n/)
          .map((l) => l.split(',')[0]!.trim().replace(/^"|"$/g, ''))
          .filter((l, i) => l && !(i === 0 && /^e-?mail$/i.test(l)));
        const r = await services.newsletters.subscriptions.importSubscribers(slug, lines);
        console.log(`${r.added} added, ${r.alreadySubscribed} already subscribed, ${r.suppressed} on the suppression list (skipped).`);
      }),
    );

  nl.command('suppress')
    .description('record a hard bounce or complaint: no send reaches the address again')
    .argument('<email>')
    .addOption(new Option('--reason <reason>', 'why').choices(['bounce', 'complaint', 'manual']).default('bounce'))
    .action((email: string, o: { reason: 'bounce' | 'complaint' | 'manual' }) =>
      withRuntime(async ({ services }) => {
        console.log(`Suppressed ${await services.newsletters.subscriptions.suppress(email, o.reason)} (${o.reason}).`);
      }),
    );

  nl.command('inbound')
    .description('process an emailed unsubscribe request (List-Unsubscribe mailto) read from stdin, e.g. from the mail server\'s pipe')
    .action(() =>
      withRuntime(async ({ services }) => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        const result = await services.newsletters.inbound(Buffer.concat(chunks));
        console.log(`Unsubscribed ${result.email} from ${result.newsletter?.name ?? 'a newsletter that no longer exists'}.`);
      }),
    );

  nl.command('webhook-token')
    .description('print the bearer token for POST /newsletters/bounces')
    .action(() =>
      withRuntime(async ({ services }) => {
        console.log(services.newsletters.tokens.webhookToken());
      }),
    );
}
