// `campaign create | start | pause | resume | cancel | status | list | in-doubt | resend | drop`.
// `campaign start` runs the pump in this process (unless another pump, e.g. the app, holds the
// lease). Without --wait it returns once nothing of the campaign is queued or on the wire (every
// message handed to the gateway and answered); with --wait it waits until every message is final
// or waiting for the operator (status reports included). Progress goes to stderr once a second.
import { readFileSync } from 'node:fs';
import { MessageStates } from '../../shared/message-state.js';
import { dateTimeOffsetText, dateTimeText } from '../../shared/time-format.js';
import type { CampaignCounts } from '../store/campaigns.js';
import type { CampaignCreateInput } from '../services/campaigns/campaigns.js';
import type { Workspace } from '../services/workspace.js';
import { findTemplate } from '../services/composer/templates.js';
import { ioOf, table, type CliIo } from './account.js';
import { intFlag, noPositional, parseArgs, type ParsedArgs } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { startCampaign } from './campaign-start.js';
import { campaignStateText, messageStateText, type CliTextKey, type Texts } from './texts.js';
import { reasonText } from '../../shared/i18n/reason-text.js';
import { CliError } from './errors.js';
import { guarded, idOf, skippedLine } from './campaign-args.js';
import { cloneCommand, deleteCommand } from './campaign-reuse.js';

export const CAMPAIGN_USAGE = `usage:
  campaign create --account NAME|ID (--group G[,G2] | --to N1,N2 | --to-file F) (--text T | --template ID|NAME)
                  [--name N] [--no-report] [--fee-type 01] [--fee-code 0] [--fee-user-type N] [--fee-terminal-id N]
                  [--service-id ID] [--src-ext DIGITS] [--valid-time T] [--at-time T] [--schedule ISO-TIME]
                  [--not-commercial] [--json]                    prints the new campaign id
  campaign start --id ID [--wait]        run the pump (--wait: until every message is final or waits for the operator)
  campaign pause|resume|cancel --id ID
  campaign status --id ID [--json]       messages per state (every state) and total
  campaign list [--json]
  campaign in-doubt [--json]             messages in doubt (charged ones wait for the operator)
  campaign resend --messages ID,ID       resend in-doubt messages (possible duplicates)
  campaign drop --messages ID,ID         give in-doubt messages up (they become unknown)
  campaign clone --id ID [--only failed|not-delivered] [--name N] [--json]
                                         a new draft with the same text, fees and options, to all its recipients or
                                         only those that failed / were not delivered (failed + unknown); prints its id
  campaign delete --id ID (--keep-log | --delete-log) [--json]
                                         delete a draft or finished campaign, keeping its delivery-log rows or not
  every command takes --db PATH`;

const CAMPAIGN_SUBCOMMANDS = 'create, start, pause, resume, cancel, status, list, in-doubt, resend, drop, clone, delete';

export async function runCampaignCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const { out, err, texts } = ioOf(io);
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'create':
      return create(rest, out, err, texts);
    case 'start':
      return startCampaign(rest, out, err, texts, guarded);
    case 'pause':
    case 'resume':
    case 'cancel':
      return change(sub, rest, out, texts);
    case 'status':
      return status(rest, out, texts);
    case 'list':
      return list(rest, out, texts);
    case 'in-doubt':
      return inDoubt(rest, out, texts);
    case 'resend':
    case 'drop':
      return decide(sub, rest, out, texts);
    case 'clone':
      return cloneCommand(rest, io);
    case 'delete':
      return deleteCommand(rest, io);
    case '--help':
    case 'help':
      out(CAMPAIGN_USAGE);
      return 0;
    default:
      throw sub ? CliError.of('error.unknownSubcommand', { command: 'campaign', sub, known: CAMPAIGN_SUBCOMMANDS }) : CliError.of('error.missingSubcommand', { command: 'campaign', known: CAMPAIGN_SUBCOMMANDS });
  }
}

function accountIdOf(ws: Workspace, ref: string): number {
  const byName = ws.store.accounts.findByName(ref);
  if (byName) return byName.id;
  if (/^\d+$/.test(ref)) {
    try {
      return ws.store.accounts.get(Number(ref)).id;
    } catch {
      // fall through
    }
  }
  throw CliError.of('campaign.noAccount', { ref });
}

async function create(argv: string[], out: (l: string) => void, err: (l: string) => void, texts: Texts): Promise<number> {
  const a = parseArgs(argv, {
    values: [
      'db', 'account', 'group', 'to', 'to-file', 'text', 'template', 'name', 'fee-type', 'fee-code', 'fee-user-type',
      'fee-terminal-id', 'service-id', 'src-ext', 'valid-time', 'at-time', 'schedule',
    ],
    booleans: ['no-report', 'json', 'not-commercial'],
  });
  noPositional(a);
  const accountRef = a.values.get('account');
  if (!accountRef) throw CliError.of('error.required', { flag: 'account' });
  if (!a.values.has('group') && !a.values.has('to') && !a.values.has('to-file')) throw CliError.of('campaign.needsRecipients');
  if (a.values.has('text') === a.values.has('template')) throw CliError.of('campaign.textOrTemplate');
  let numbers = a.values.get('to') ?? '';
  const file = a.values.get('to-file');
  if (file !== undefined) {
    try {
      numbers += `\n${readFileSync(file, 'utf8')}`;
    } catch (e) {
      throw CliError.of('campaign.cannotReadFile', { file, reason: (e as Error).message });
    }
  }
  let scheduleAt: number | undefined;
  const schedule = a.values.get('schedule');
  if (schedule !== undefined) {
    scheduleAt = Date.parse(schedule);
    if (Number.isNaN(scheduleAt)) throw CliError.of('campaign.badSchedule', { value: schedule });
  }
  return withWorkspace(a, async (ws) => {
    const accountId = accountIdOf(ws, accountRef);
    const groupIds = (a.values.get('group') ?? '')
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== '')
      .map((g) => {
        const found = ws.store.contacts.findGroup(g);
        if (found) return found.id;
        throw CliError.of('campaign.noGroup', { name: g });
      });
    let templateId: number | undefined;
    const templateRef = a.values.get('template');
    if (templateRef !== undefined) {
      const t = findTemplate(ws, templateRef);
      if (!t) throw CliError.of('template.notFound', { ref: templateRef });
      templateId = t.id;
    }
    const input: CampaignCreateInput = {
      accountId,
      // A name in the operator's language when none is given (the service's own default is English).
      name: a.values.get('name') ?? texts.t('campaign.defaultName', { time: dateTimeText(ws.now()).slice(0, 16) }),
      ...(templateId !== undefined ? { templateId } : { text: a.values.get('text')! }),
      groupIds,
      ...(numbers.trim() !== '' ? { numbers } : {}),
      ...(a.values.has('fee-type') ? { feeType: a.values.get('fee-type')! } : {}),
      ...(a.values.has('fee-code') ? { feeCode: a.values.get('fee-code')! } : {}),
      ...(a.values.has('fee-user-type') ? { feeUserType: intFlag(a, 'fee-user-type', 0, 0, 3) } : {}),
      ...(a.values.has('fee-terminal-id') ? { feeTerminalId: a.values.get('fee-terminal-id')! } : {}),
      ...(a.values.has('service-id') ? { serviceId: a.values.get('service-id')! } : {}),
      ...(a.values.has('src-ext') ? { srcIdExt: a.values.get('src-ext')! } : {}),
      ...(a.values.has('valid-time') ? { validTime: a.values.get('valid-time')! } : {}),
      ...(a.values.has('at-time') ? { atTime: a.values.get('at-time')! } : {}),
      ...(scheduleAt !== undefined ? { scheduleAt } : {}),
      registeredDelivery: a.booleans.has('no-report') ? 0 : 1,
      commercial: !a.booleans.has('not-commercial'),
    };
    const r = await guarded(() => ws.campaigns.create(input));
    const { t } = texts;
    for (const bad of r.invalid) {
      // English keeps the problem's code (what scripts read); Chinese says it in words.
      const problem = texts.lang === 'en' ? bad.problem : texts.shared(`deliveryLog.phone.${bad.problem}`);
      err(t('warning.line', { message: bad.line ? t('campaign.warn.invalidAt', { input: bad.input, line: bad.line, problem }) : t('campaign.warn.invalid', { input: bad.input, problem }) }));
    }
    if (r.notChinaMobile.length) err(t('note.line', { message: t('campaign.note.notChinaMobile', { count: r.notChinaMobile.length }) }));
    if (r.duplicates) err(t('note.line', { message: t('campaign.note.duplicates', { count: r.duplicates }) }));
    for (const [code, n] of Object.entries(r.skippedByReason)) err(skippedLine(code, n, texts));
    if (a.booleans.has('json')) out(toJson({ id: r.campaign.id, ...r, campaign: undefined, name: r.campaign.name, state: r.campaign.state }));
    else out(String(r.campaign.id));
    return 0;
  });
}

async function change(what: 'pause' | 'resume' | 'cancel', argv: string[], out: (l: string) => void, texts: Texts): Promise<number> {
  const { t } = texts;
  const a = parseArgs(argv, { values: ['db', 'id'], booleans: ['json'] });
  noPositional(a);
  const id = idOf(a);
  return withWorkspace(a, async (ws) => {
    if (what === 'pause') {
      const c = await guarded(() => ws.campaigns.pause(id));
      out(t('campaign.stateLine', { id, state: campaignStateText(texts, c.state) }));
    } else if (what === 'resume') {
      const c = await guarded(() => ws.campaigns.resume(id));
      out(t('campaign.resumed', { id, state: campaignStateText(texts, c.state) }));
    } else {
      const r = await guarded(() => ws.campaigns.cancel(id));
      out(
        a.booleans.has('json')
          ? toJson({ id, state: r.campaign.state, cancelled: r.cancelled, withdrawn: r.withdrawn, withdrawFailed: r.withdrawFailed })
          : t('campaign.cancelled', { id, cancelled: r.cancelled }) +
              (r.withdrawn ? t('campaign.cancelledWithdrawn', { count: r.withdrawn }) : '') +
              (r.withdrawFailed ? t('campaign.cancelledNotWithdrawn', { count: r.withdrawFailed }) : ''),
      );
    }
    return 0;
  });
}

async function status(argv: string[], out: (l: string) => void, texts: Texts): Promise<number> {
  const { t } = texts;
  const a = parseArgs(argv, { values: ['db', 'id'], booleans: ['json'] });
  noPositional(a);
  const id = idOf(a);
  return withWorkspace(a, async (ws) => {
    const counts = await guarded(() => ws.campaigns.status(id));
    const c = ws.campaigns.get(id);
    if (a.booleans.has('json')) {
      // Every state of the enum, then total: a script reads the same keys whatever the campaign went through.
      const obj: Record<string, number> = {};
      for (const s of MessageStates) obj[s] = counts[s];
      obj.total = counts.total;
      out(JSON.stringify(obj));
    } else {
      out(t('campaign.title', { id, name: c.name, state: campaignStateText(texts, c.state) }));
      if (c.pauseReason !== null) out(t('campaign.pausedBecause', { reason: reasonText(c.pauseReason, texts.shared) }));
      if (c.scheduleAt !== null) out(t('campaign.scheduledFor', { time: dateTimeOffsetText(c.scheduleAt) }));
      table(
        [t('campaign.col.state'), t('campaign.col.messages')],
        [...MessageStates.map((s) => [messageStateText(texts, s), String(counts[s])]), [t('campaign.col.total'), String(counts.total)]],
        out,
      );
    }
    return 0;
  });
}

async function list(argv: string[], out: (l: string) => void, texts: Texts): Promise<number> {
  const { t } = texts;
  const a = parseArgs(argv, { values: ['db'], booleans: ['json'] });
  noPositional(a);
  return withWorkspace(a, (ws) => {
    const all = ws.campaigns.list();
    if (a.booleans.has('json')) {
      out(toJson(all.map((c) => ({ ...c, counts: ws.campaigns.status(c.id) }))));
      return 0;
    }
    if (all.length === 0) {
      out(t('campaign.none'));
      return 0;
    }
    const accountNames = new Map(ws.store.accounts.list().map((acc) => [acc.id, acc.name]));
    table(
      ['id', 'name', 'state', 'account', 'total', 'created', 'scheduled'].map((k) => t(`campaign.col.${k}` as CliTextKey)),
      all.map((c) => [
        String(c.id),
        c.name,
        campaignStateText(texts, c.state),
        accountNames.get(c.accountId) ?? `#${c.accountId}`,
        String(ws.campaigns.status(c.id).total),
        dateTimeOffsetText(c.createdAt),
        c.scheduleAt === null ? '-' : dateTimeOffsetText(c.scheduleAt),
      ]),
      out,
    );
    for (const c of all) if (c.pauseReason !== null) out(t('campaign.listPaused', { id: c.id, reason: reasonText(c.pauseReason, texts.shared) }));
    return 0;
  });
}

async function inDoubt(argv: string[], out: (l: string) => void, { t }: Texts): Promise<number> {
  const a = parseArgs(argv, { values: ['db', 'limit'], booleans: ['json'] });
  noPositional(a);
  return withWorkspace(a, (ws) => {
    const list = ws.store.outbox.inDoubt(intFlag(a, 'limit', 1000, 1, 100_000));
    if (a.booleans.has('json')) out(toJson(list));
    else if (list.length === 0) out(t('campaign.inDoubt.none'));
    else {
      const head = [t('campaign.inDoubt.col.message'), t('campaign.inDoubt.col.campaign'), t('campaign.inDoubt.col.number'), t('campaign.inDoubt.col.charged')];
      table(head, list.map((m) => [String(m.messageId), String(m.campaignId ?? '-'), m.number, t(m.charged ? 'campaign.yes' : 'campaign.no')]), out);
    }
    return 0;
  });
}

async function decide(what: 'resend' | 'drop', argv: string[], out: (l: string) => void, { t }: Texts): Promise<number> {
  const a = parseArgs(argv, { values: ['db', 'messages'], booleans: [] });
  noPositional(a);
  const raw = a.values.get('messages');
  if (!raw) throw CliError.of('error.required', { flag: 'messages' });
  const ids = raw.split(',').map((s) => {
    if (!/^\d+$/.test(s.trim())) throw CliError.of('campaign.badMessages', { value: s });
    return Number(s.trim());
  });
  return withWorkspace(a, async (ws) => {
    const n = await guarded(() => (what === 'resend' ? ws.campaigns.resendInDoubt(ids) : ws.campaigns.dropInDoubt(ids)));
    out(t(what === 'resend' ? 'campaign.resent' : 'campaign.dropped', { count: n }));
    return 0;
  });
}
