// Settings, "Support log": the log level (kept for the next start) and the way to the log files:
// the folder in the file manager on the desktop, a download of the current log in browser mode.
import { FolderOpenOutlined, DownloadOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SupportLogInfo } from '../../../shared/ipc/contract/support.js';
import { LOG_LEVELS, type LogLevel } from '../../../shared/log-level.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { call, errorMessage } from '../call.js';

export function SupportLogCard() {
  const t = useT();
  const { message } = AntApp.useApp();
  const [info, setInfo] = useState<SupportLogInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call(t, desk().support.logInfo()).then(setInfo, (e: unknown) => setError(errorMessage(e)));
  }, []);

  const setLevel = async (level: LogLevel) => {
    try {
      setInfo(await call(t, desk().support.setLogLevel(level)));
      message.success(t('support.levelSaved', { level: t(`support.level.${level}`) }));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const open = async () => {
    setBusy(true);
    try {
      const r = await call(t, desk().support.openLogs());
      if (r.opened === 'folder') message.success(t('support.opened'));
      if (r.opened === 'download') message.success(t('support.downloaded', { file: r.name }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('support.title')} data-testid="support-log">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('support.help')}</Typography.Text>
        <Space>
          <Typography.Text>{t('support.level')}</Typography.Text>
          <Select<LogLevel>
            data-testid="support-level"
            style={{ width: 240 }}
            loading={info === null && error === null}
            disabled={info === null}
            value={info?.level}
            onChange={(level) => void setLevel(level)}
            options={LOG_LEVELS.map((l) => ({ value: l, label: t(`support.level.${l}`) }))}
          />
        </Space>
        {info?.opens === 'folder' && (
          <Space orientation="vertical" size={4}>
            <Typography.Text>{t('support.folder')}</Typography.Text>
            <Typography.Text code copyable data-testid="support-folder">
              {info.folder}
            </Typography.Text>
            <Button icon={<FolderOpenOutlined />} loading={busy} onClick={() => void open()} data-testid="support-open">
              {t('support.openFolder')}
            </Button>
          </Space>
        )}
        {info?.opens === 'download' && (
          <Space orientation="vertical" size={4}>
            <Typography.Text type="secondary">{t('support.downloadHelp')}</Typography.Text>
            <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void open()} data-testid="support-open">
              {t('support.download')}
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  );
}
