// Which gateway the desk works on (the demo gateway with its own database, or the operator's own
// gateways) and the switch between them. Shown on the Monitor and in Settings (DemoGatewayPanel).
import { App as AntApp, Button, Flex, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DeskMode, ModeInfo } from '../../../shared/ipc/contract/demo.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { errorText } from '../call.js';
import { liveStore, useLiveValue } from '../monitor/live-store.js';

/** The current mode: from main once, then from live.mode events. */
export function useMode(): [ModeInfo | null, (m: ModeInfo) => void] {
  const pushed = useLiveValue((s) => s.mode);
  const [fetched, setFetched] = useState<ModeInfo | null>(null);
  useEffect(() => {
    let current = true;
    void desk()
      .mode.get()
      .then((r) => {
        if (current && r.ok) setFetched(r.value);
      });
    return () => {
      current = false;
    };
  }, []);
  // A pushed mode (after a switch, from anywhere) wins over what was fetched at mount.
  const mode = pushed ?? fetched;
  return [mode, (m) => {
    liveStore.mode = m;
    setFetched(m);
  }];
}

export function ModeSwitch({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [mode, setMode] = useMode();
  const [busy, setBusy] = useState(false);
  if (!mode) return null;
  const other: DeskMode = mode.mode === 'demo' ? 'real' : 'demo';
  const switchTo = async () => {
    setBusy(true);
    try {
      const r = await desk().mode.set(other);
      if (r.ok) {
        setMode(r.value);
        message.success(t('mode.switched', { mode: t(`mode.${other}`) }));
      } else message.error(errorText(t, r));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex gap={8} align="center" data-testid="mode-switch">
      <Tooltip title={mode.dbPath}>
        <Tag color={mode.mode === 'demo' ? 'purple' : 'blue'} data-testid="mode-tag">
          {t(`mode.${mode.mode}`)}
        </Tag>
      </Tooltip>
      {!compact && (
        <Typography.Text type="secondary">{mode.mode === 'demo' ? t('mode.demoHelp') : t('mode.realHelp')}</Typography.Text>
      )}
      <Popconfirm title={t('mode.switchConfirm', { mode: t(`mode.${other}`) })} onConfirm={() => void switchTo()} okText={t('mode.switch')} cancelText={t('live.cancel')}>
        <Button size="small" loading={busy} data-testid="mode-switch-button">
          {other === 'real' ? t('mode.useReal') : t('mode.useDemo')}
        </Button>
      </Popconfirm>
    </Flex>
  );
}
