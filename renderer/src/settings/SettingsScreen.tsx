// Settings: gateway accounts (every field, a connection test that explains failures),
// the demo gateway (engineer L's panel), the sending rules, the interface language and the
// support log.
import { DeleteOutlined, EditOutlined, PlusOutlined, ApiOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Empty, Popconfirm, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { AccountView, ConnectionTestResult } from '../../../shared/ipc/contract/accounts.js';
import type { Locale } from '../../../shared/ipc/locale.js';
import { call, errorMessage } from '../call.js';
import { useLocale, useSetLocale, useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { AccountEditor } from '../accounts/AccountEditor.js';
import { ConnectionTestAlert } from '../accounts/ConnectionTestAlert.js';
import { DemoGatewayPanel } from '../demo/DemoGatewayPanel.js';
import { AutoReplyCard } from './AutoReplyCard.js';
import { RetentionCard } from './RetentionCard.js';
import { RulesFormCard } from './RulesForm.js';
import { SupportLogCard } from './SupportLogCard.js';

const LOCALE_LABELS: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

function AccountsCard() {
  const t = useT();
  const { message } = AntApp.useApp();
  const [accounts, setAccounts] = useState<AccountView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<AccountView | 'new' | null>(null);
  const [testing, setTesting] = useState<number | null>(null);
  const [tests, setTests] = useState<Record<number, ConnectionTestResult>>({});

  const load = useCallback(async () => {
    try {
      setAccounts(await call(t, desk().accounts.list()));
      setError(null);
    } catch (e) {
      setAccounts([]);
      setError(errorMessage(e));
    }
  }, [t]);
  useEffect(() => void load(), []);

  const test = async (a: AccountView) => {
    setTesting(a.id);
    try {
      const { id, secretSet: _s, createdAt: _c, updatedAt: _u, ...settings } = a;
      const result = await call(t, desk().accounts.test({ id, settings }));
      setTests((r) => ({ ...r, [a.id]: result }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setTesting(null);
    }
  };

  const remove = async (a: AccountView) => {
    try {
      await call(t, desk().accounts.remove({ id: a.id }));
      message.success(t('settings.accounts.removed', { name: a.name }));
      await load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card
      title={t('settings.accounts.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="account-new">
          {t('settings.accounts.new')}
        </Button>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <div data-testid="account-list">
      <Table<AccountView>
        size="small"
        rowKey="id"
        loading={accounts === null}
        pagination={false}
        dataSource={accounts ?? []}
        locale={{ emptyText: <Empty description={t('settings.accounts.empty')} /> }}
        expandable={{
          expandedRowKeys: Object.keys(tests).map(Number),
          showExpandColumn: false,
          expandedRowRender: (a) => (tests[a.id] ? <ConnectionTestAlert result={tests[a.id]!} host={`${a.host}:${a.port}`} /> : null),
        }}
        columns={[
          { key: 'name', title: t('settings.account.name'), render: (_, a) => <Typography.Text strong>{a.name}</Typography.Text> },
          { key: 'host', title: t('settings.accounts.address'), render: (_, a) => `${a.host}:${a.port}${a.tls ? ' (TLS)' : ''}` },
          { key: 'version', title: t('settings.account.version'), width: 80, render: (_, a) => a.version },
          { key: 'spId', title: 'SP_Id', width: 90, render: (_, a) => a.spId },
          { key: 'srcId', title: 'Src_Id', render: (_, a) => a.srcId },
          { key: 'traffic', title: t('settings.accounts.traffic'), render: (_, a) => t('settings.accounts.trafficValue', { connections: a.connections, window: a.window, rate: a.rate }) },
          { key: 'secret', title: t('settings.account.secret'), width: 90, render: () => <Tag color="green">{t('settings.accounts.secretSet')}</Tag> },
          {
            key: 'actions',
            title: '',
            width: 250,
            render: (_, a) => (
              <Space>
                <Button size="small" icon={<ApiOutlined />} loading={testing === a.id} onClick={() => void test(a)} data-testid={`account-test-${a.id}`}>
                  {t('settings.account.test')}
                </Button>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(a)} data-testid={`account-edit-${a.id}`}>
                  {t('settings.accounts.edit')}
                </Button>
                <Popconfirm title={t('settings.accounts.removeConfirm', { name: a.name })} onConfirm={() => void remove(a)} okButtonProps={{ danger: true }}>
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('settings.accounts.remove')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      </div>
      <AccountEditor
        account={editing}
        onClose={(saved) => {
          setEditing(null);
          if (saved) {
            message.success(t('settings.accounts.saved', { name: saved.name }));
            setTests((r) => {
              const { [saved.id]: _gone, ...rest } = r;
              return rest;
            });
            void load();
          }
        }}
      />
    </Card>
  );
}

function LanguageCard() {
  const t = useT();
  const locale = useLocale();
  const setLocale = useSetLocale();
  return (
    <Card title={t('settings.language.title')}>
      <Space orientation="vertical">
        <div data-testid="settings-locale">
        <Segmented<Locale>
          value={locale}
          onChange={(next) => setLocale(next)}
          options={[
            { label: LOCALE_LABELS['zh-CN'], value: 'zh-CN' },
            { label: LOCALE_LABELS.en, value: 'en' },
          ]}
        />
        </div>
        <Typography.Text type="secondary">{t('settings.language.help')}</Typography.Text>
      </Space>
    </Card>
  );
}

export function SettingsScreen() {
  const t = useT();
  const [tab, setTab] = useState('accounts');
  return (
    <section data-screen="settings">
      <Typography.Title level={3}>{t('screen.settings.title')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'accounts', label: t('settings.tab.accounts'), children: <AccountsCard /> },
          { key: 'demo', label: t('settings.tab.demo'), children: <DemoGatewayPanel /> },
          { key: 'rules', label: t('settings.tab.rules'), children: <RulesFormCard /> },
          { key: 'autoreply', label: t('autoreply.title'), children: <AutoReplyCard /> },
          { key: 'retention', label: t('settings.tab.retention'), children: <RetentionCard /> },
          { key: 'language', label: t('settings.tab.language'), children: <LanguageCard /> },
          { key: 'support', label: t('settings.tab.support'), children: <SupportLogCard /> },
        ]}
      />
    </section>
  );
}
