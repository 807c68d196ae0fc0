// What `campaign start` is waiting for, told when it changes (never the same line once a second
// for ever): scheduled for <time>, quiet hours until HH:MM, connecting to host:port, refused and
// retrying in n s, logged in, window full, and the counts as they move (at most once a second).
import type { CmppAccountPool } from '../cmpp/session/client.js';
import type { ConnectionStateEvent } from '../cmpp/session/pool-events.js';
import type { Campaign, CampaignCounts } from '../store/campaigns.js';
import type { Workspace } from '../services/workspace.js';
import { MessageStates } from '../../shared/message-state.js';
import { CHINA_UTC_OFFSET_MINUTES, dateTimeOffsetText, dateTimeText } from '../../shared/time-format.js';
import { messageStateText, type Texts } from './texts.js';

export interface CampaignWatch {
  /** Called with the counts on every check of the wait. */
  tick(counts: CampaignCounts): void;
  /** The counts at the end, unless they were the last line said. */
  final(counts: CampaignCounts): void;
  stop(): void;
}

/** "campaign 3: 已送达 118, 失败 2 (共 120)" in the operator's language. */
export function countsLine(id: number, n: CampaignCounts, texts: Texts): string {
  const parts = MessageStates.filter((s) => n[s] > 0).map((s) => `${messageStateText(texts, s)} ${n[s]}`);
  return texts.t('watch.counts', { id, counts: parts.join(texts.t('watch.listSep')) || texts.t('watch.empty'), total: n.total });
}

export function watchCampaign(ws: Workspace, id: number, tell: (line: string) => void, texts: Texts, now: () => number = Date.now): CampaignWatch {
  const { t } = texts;
  let lastSaid = '';
  const say = (line: string) => {
    lastSaid = line;
    tell(line);
  };
  let campaign: Campaign = ws.campaigns.get(id);
  const account = ws.store.accounts.get(campaign.accountId);
  const where = { account: account.name, host: account.host, port: account.port };
  let lastStatus = '';
  let lastCounts = '';
  let lastCountsAt = 0;
  let connection = '';
  /** Told once per connection story: a fast run fills and drains its window many times a second. */
  let windowTold = false;

  const status = (line: string) => {
    if (line === '' || line === lastStatus) return;
    lastStatus = line;
    say(line);
  };

  // The pool's own story: connecting, refused and when it retries, logged in.
  // A connection that was logged in and then closed is lost, not refused: the operator reads the
  // difference as "the gateway dropped us" versus "we never got in".
  let loggedIn = false;
  const onState = (e: ConnectionStateEvent) => {
    if (e.state === 'connecting') connection = t('watch.connecting', where);
    else if (e.state === 'backing-off') {
      const told = { ...where, reason: e.reason ?? e.code ?? '', seconds: Math.ceil((e.retryInMs ?? 0) / 1000) };
      connection = t(loggedIn ? 'watch.lost' : 'watch.retrying', told);
      loggedIn = false;
    } else if (e.state === 'ready') {
      connection = t('watch.loggedIn', where);
      loggedIn = true;
    } else return;
    windowTold = false;
    if (!scheduledOrQuiet()) status(connection);
  };
  let attached: CmppAccountPool | undefined;
  const attach = (pool: CmppAccountPool | undefined) => {
    if (!pool || pool === attached) return;
    attached?.off('state', onState);
    attached = pool;
    pool.on('state', onState);
    // The pool starts connecting before anyone can listen: its present state is the first news.
    const slots = pool.connections().map((c) => c.state);
    const present = slots.includes('ready') ? 'ready' : slots.some((x) => x === 'connecting' || x === 'logging-in') ? 'connecting' : null;
    if (present) onState({ at: now(), account: account.name, slot: 0, connectionId: 0, state: present });
  };
  const onPool = (accountId: number, pool: CmppAccountPool) => {
    if (accountId === campaign.accountId) attach(pool);
  };
  ws.on('pool', onPool);
  attach(ws.existingPool(campaign.accountId));

  /** The clock's reasons to wait, which come before the connection's. */
  function scheduledOrQuiet(): string {
    const at = now();
    if (campaign.scheduleAt !== null && campaign.scheduleAt > at && campaign.state === 'running') {
      return t('watch.scheduled', { time: dateTimeOffsetText(campaign.scheduleAt) });
    }
    const quietUntil = ws.pump.heldUntil();
    // Quiet hours are China Standard Time (services/settings/settings.ts), so their end is too.
    if (quietUntil !== null) return t('watch.quietHours', { time: dateTimeText(quietUntil, CHINA_UTC_OFFSET_MINUTES).slice(11, 16) });
    return '';
  }

  function windowFull(): boolean {
    const loads = attached?.connections().filter((c) => c.state === 'ready') ?? [];
    return loads.length > 0 && loads.every((c) => c.inFlight >= c.window);
  }

  return {
    tick(counts) {
      try {
        campaign = ws.campaigns.get(id);
      } catch {
        // vanished: the wait says so
      }
      const clock = scheduledOrQuiet();
      if (clock !== '') {
        status(clock);
        return;
      }
      if (!windowTold && windowFull()) {
        windowTold = true;
        status(t('watch.windowFull', { window: attached!.connections().reduce((n, c) => n + (c.state === 'ready' ? c.window : 0), 0) }));
      } else if (!windowTold) status(connection);
      const line = countsLine(id, counts, texts);
      if (line !== lastCounts && now() - lastCountsAt >= 1000) {
        lastCounts = line;
        lastCountsAt = now();
        say(line);
      }
    },
    final(counts) {
      const line = countsLine(id, counts, texts);
      if (line !== lastSaid) say(line);
    },
    stop() {
      ws.off('pool', onPool);
      attached?.off('state', onState);
    },
  };
}
