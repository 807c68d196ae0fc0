// The live monitor: every gateway account with its connections and per-second counters, the
// throughput chart, queue depth and in-doubt count, and the engine's event log. Counters arrive
// once a second per account (live.counters); the screen repaints at most ~3 times a second.
import { App as AntApp, Alert, Button, Card, Empty, Flex, List, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { MonitorSnapshot } from '../../../shared/ipc/contract/monitor.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { AccountPanel } from './AccountPanel.js';
import { clock, logCodeText, logText } from './format.js';
import { call, failureOf, errorText } from '../call.js';
import { liveStore, useLiveValue } from './live-store.js';
import { ModeSwitch } from '../demo/ModeSwitch.js';

/** Link states and account lists are re-read this often (counters themselves are pushed). */
const SNAPSHOT_MS = 5000;

export function MonitorScreen() {
  const t = useT();
  const { message } = AntApp.useApp();
  // Only a mode switch re-renders the screen; each account panel repaints itself with the counters.
  const modeSerial = useLiveValue((s) => s.modeSerial);
  const [snapshot, setSnapshot] = useState<MonitorSnapshot | null>(null);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const s = await call(t, desk().monitor.snapshot());
      liveStore.seedCounters(s.history);
      setSnapshot(s);
      setError(null);
    } catch (e) {
      setError(failureOf(e));
    }
  }, [t]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), SNAPSHOT_MS);
    return () => clearInterval(timer);
  }, [load, modeSerial]);

  const connect = async (id: number) => {
    const r = await desk().monitor.connect(id);
    if (!r.ok) message.error(errorText(t, r));
    void load();
  };

  return (
    <section data-screen="monitor">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3}>{t('screen.monitor.title')}</Typography.Title>
        {!error && <ModeSwitch compact />}
      </Flex>
      {error?.code === 'no-workspace' ? (
        <Empty style={{ marginTop: 64 }} description={t('screen.noWorkspace')} />
      ) : error ? (
        <Alert type="error" showIcon title={error.text} action={<Button onClick={() => void load()}>{t('live.retry')}</Button>} />
      ) : !snapshot ? (
        <Spin />
      ) : snapshot.accounts.length === 0 ? (
        <Empty style={{ marginTop: 64 }} description={t('monitor.noAccounts')} />
      ) : (
        <Flex vertical gap={16}>
          {snapshot.accounts.map((a) => (
            <AccountPanel key={a.id} account={a} onConnect={(id) => void connect(id)} />
          ))}
          <EngineLog />
        </Flex>
      )}
    </section>
  );
}

/** The engine's recent events; repaints only when a new one arrives. */
function EngineLog() {
  const t = useT();
  useLiveValue((s) => s.logs.last());
  const logs = liveStore.logs.newest(8);
  return (
    <Card size="small" title={t('monitor.log')}>
      {logs.length === 0 ? (
        <Typography.Text type="secondary">{t('monitor.logEmpty')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={logs}
          renderItem={(l) => (
            <List.Item>
              <Typography.Text type="secondary">{clock(l.at)}</Typography.Text>
              <Tag color={l.level === 'error' ? 'error' : l.level === 'warn' ? 'warning' : 'default'} style={{ marginInline: 8 }}>
                {logCodeText(l.code, t)}
              </Tag>
              <Typography.Text style={{ flex: 1 }}>{logText(l, t)}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
