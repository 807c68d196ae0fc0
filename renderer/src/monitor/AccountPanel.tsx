// One gateway account on the monitor: link state and connections, per-second counters and rates,
// queue depth and in-doubt count, and the throughput chart. It repaints itself on the live
// store's clock; the figures are plain elements (not antd Statistic/Descriptions) because they
// repaint ~3 times a second while thousands of reports stream in.
import { Alert, Button, Card, Flex, Tag, Tooltip, Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import type { LiveCounters, MonitorAccount } from '../../../shared/ipc/contract/monitor.js';
import { useT } from '../i18n/react.js';
import type { Translate } from '../i18n/index.js';
import { closeText, count, logText, percent, tKey } from './format.js';
import { liveStore, useLiveVersion } from './live-store.js';
import { ThroughputChart } from './ThroughputChart.js';

const LINK_COLOR: Record<string, string> = {
  ready: 'success',
  connecting: 'processing',
  idle: 'default',
  'not-connected': 'default',
  stopping: 'warning',
  stopped: 'default',
  failed: 'error',
};
const SLOT_COLOR: Record<string, string> = { ready: '#52c41a', connecting: '#1677ff', 'logging-in': '#1677ff', 'backing-off': '#faad14', failed: '#ff4d4f' };

const figureGrid: CSSProperties = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(120px, 1fr))', gap: '8px 16px', margin: '4px 0 12px' };
const factGrid: CSSProperties = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: '6px 24px', margin: '0 0 12px' };
const label: CSSProperties = { color: 'rgba(0, 0, 0, 0.45)', fontSize: 13 };

function rate(n: number, c: LiveCounters | undefined): string {
  if (!c || !(c.intervalMs > 0)) return '0';
  const v = (n * 1000) / c.intervalMs;
  return v >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}

function Figure({ title, value, color, testId }: { title: string; value: string; color?: string | undefined; testId: string }) {
  return (
    <div>
      <div style={label}>{title}</div>
      <div style={{ fontSize: 22, lineHeight: 1.4, color: color ?? 'rgba(0, 0, 0, 0.88)', fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function Fact({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <div style={{ fontVariantNumeric: 'tabular-nums' }}>
      <span style={{ ...label, marginRight: 6 }}>{title}</span>
      {children}
    </div>
  );
}

/** Why this account's last connection ended (framing, dead peer, refused, ...), from the live log. */
function lastConnectionFailure(accountId: number, t: Translate): string | undefined {
  const recent = liveStore.logs.newest(50);
  const l = recent.find((x) => x.code === 'connection-failed' && x.accountId === accountId);
  return l && logText(l, t);
}

export function AccountPanel({ account, onConnect }: { account: MonitorAccount; onConnect: (id: number) => void }) {
  const t = useT();
  useLiveVersion();
  const now = Date.now();
  const live = liveStore.latest(account.id) ?? account.latest ?? undefined;
  const samples = liveStore.samples(account.id);
  const link = live?.linkState ?? account.linkState;
  const connectionFailure = lastConnectionFailure(account.id, t);
  const totals = live?.totals;
  const i = live?.interval;
  const queued = (live?.queued ?? account.queued) + (live?.poolQueueDepth ?? 0);
  const inDoubt = live?.inDoubt ?? account.inDoubt;
  const red = (n: number | undefined) => ((n ?? 0) > 0 ? '#cf1322' : undefined);
  const perSecond: [string, string, number, string | undefined][] = [
    ['submitted', t('monitor.submitted'), i?.submits ?? 0, undefined],
    ['responsesOk', t('monitor.responsesOk'), i?.responsesOk ?? 0, '#3f8600'],
    ['responsesFailed', t('monitor.responsesFailed'), i?.responsesFailed ?? 0, red(i?.responsesFailed)],
    ['delivered', t('monitor.delivered'), i?.delivered ?? 0, '#3f8600'],
    ['failed', t('monitor.failed'), i?.failed ?? 0, red(i?.failed)],
    ['unknown', t('monitor.unknown'), i?.unknown ?? 0, undefined],
    ['mos', t('monitor.mo'), i?.mos ?? 0, undefined],
  ];
  const finals = (totals?.delivered ?? 0) + (totals?.failed ?? 0) + (totals?.unknown ?? 0);
  return (
    <Card
      data-testid={`account-${account.id}`}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{account.name}</span>
          <Tag color={LINK_COLOR[link] ?? 'default'} data-testid="link-state">
            {tKey(t, `live.link.${link}`, link)}
          </Tag>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
            {account.host}:{account.port} · CMPP {account.version} · SP_Id {account.spId}
          </Typography.Text>
        </Flex>
      }
      extra={
        link === 'not-connected' || link === 'failed' || link === 'stopped' ? (
          <Button size="small" onClick={() => onConnect(account.id)} data-testid="connect">
            {link === 'failed' ? t('monitor.retry') : t('monitor.connect')}
          </Button>
        ) : null
      }
    >
      {account.failure && link === 'failed' && <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="account-failure" title={t('monitor.failure', { reason: closeText(account.failure, t) })} />}
      {connectionFailure && link !== 'ready' && link !== 'failed' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="connection-failure" title={t('monitor.connectionFailure', { reason: connectionFailure })} />
      )}
      <div style={label}>{t('monitor.perSecond')}</div>
      <div style={figureGrid}>
        {perSecond.map(([key, title, n, color]) => (
          <Figure key={key} title={title} value={rate(n, live)} color={color} testId={`rate-${key}`} />
        ))}
      </div>
      <div style={factGrid}>
        <Fact title={t('monitor.totalSubmitted')}>
          <span data-testid="total-submitted">{count(totals?.submits ?? 0)}</span>
        </Fact>
        <Fact title={t('monitor.totalResponses')}>
          <span data-testid="total-responses">
            {count(totals?.responsesOk ?? 0)} / {count(totals?.responsesFailed ?? 0)}
          </span>
        </Fact>
        <Fact title={t('monitor.totalReports')}>
          <span data-testid="total-reports">
            {count(totals?.delivered ?? 0)} / {count(totals?.failed ?? 0)} / {count(totals?.unknown ?? 0)}
          </span>
        </Fact>
        <Fact title={t('monitor.totalMos')}>
          <span data-testid="total-mos">{count(totals?.mos ?? 0)}</span>
        </Fact>
        <Fact title={t('monitor.responseRate')}>{percent((totals?.responsesOk ?? 0) + (totals?.responsesFailed ?? 0), totals?.submits ?? 0)}</Fact>
        <Fact title={t('monitor.reportRate')}>{percent(totals?.reports ?? 0, totals?.responsesOk ?? 0)}</Fact>
        <Fact title={t('monitor.successRate')}>
          <span data-testid="success-rate">{percent(totals?.delivered ?? 0, finals)}</span>
        </Fact>
        <Fact title={t('monitor.failureRate')}>{percent(totals?.failed ?? 0, finals)}</Fact>
        <Fact title={t('monitor.unknownRate')}>{percent(totals?.unknown ?? 0, finals)}</Fact>
        <Fact title={t('monitor.queued')}>
          <span data-testid="queue-depth">{count(queued)}</span>
        </Fact>
        <Fact title={<Tooltip title={t('monitor.inDoubtHelp')}>{t('monitor.inDoubt')}</Tooltip>}>
          <span data-testid="in-doubt" style={inDoubt > 0 ? { color: '#d48806', fontWeight: 600 } : undefined}>
            {count(inDoubt)}
          </span>
        </Fact>
        <Fact title={t('monitor.inFlight')}>{count(live?.inFlight ?? 0)}</Fact>
        <Fact title={t('monitor.rate')}>
          {live?.rate !== undefined && live.rate !== null && live.rate < account.rate
            ? t('monitor.rateLowered', { rate: Math.round(live.rate), configured: account.rate })
            : t('monitor.rateValue', { rate: account.rate })}
        </Fact>
      </div>
      <div style={label}>{t('monitor.connections')}</div>
      <Flex gap={16} wrap style={{ margin: '6px 0 12px' }} data-testid="connections">
        {(live?.connections ?? []).length === 0 ? (
          <Typography.Text type="secondary">{t('monitor.noConnections', { n: account.connectionsConfigured })}</Typography.Text>
        ) : (
          live!.connections.map((c) => (
            <Flex key={c.slot} gap={6} align="center" data-testid="connection" title={t('monitor.window', { inFlight: c.inFlight, window: c.window })}>
              <span style={{ width: 8, height: 8, borderRadius: 4, background: SLOT_COLOR[c.state] ?? '#bfbfbf', display: 'inline-block' }} />
              <span>
                {t('monitor.slot', { slot: c.slot + 1 })} · {tKey(t, `live.slot.${c.state}`, c.state)}
              </span>
              <span style={{ width: 64, height: 6, background: '#f0f0f0', borderRadius: 3, overflow: 'hidden', display: 'inline-block' }}>
                <span style={{ display: 'block', height: '100%', width: `${Math.round((100 * c.inFlight) / Math.max(1, c.window))}%`, background: '#1677ff' }} />
              </span>
              <span style={label}>
                {c.inFlight}/{c.window}
              </span>
            </Flex>
          ))
        )}
      </Flex>
      <div style={label}>{t('monitor.chart')}</div>
      <ThroughputChart samples={samples} now={now} />
    </Card>
  );
}
