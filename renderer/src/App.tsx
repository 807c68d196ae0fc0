// The application frame: antd ConfigProvider (zh_CN / en_US), the left menu of the
// eight screens, the language switch, and the app-level IPC start-up
// (subscribe to events -> app.info -> app.ready).
import {
  BarChartOutlined,
  ContactsOutlined,
  DashboardOutlined,
  EditOutlined,
  FileSearchOutlined,
  InboxOutlined,
  SendOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Flex, Layout, Menu, Segmented, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { DEFAULT_LOCALE, type Locale } from '../../shared/ipc/locale.js';
import { hasKey, translate } from './i18n/index.js';
import { I18nProvider, LocaleSetterProvider, useT } from './i18n/react.js';
import { desk, onEvent } from './ipc.js';
import { liveStore } from './monitor/live-store.js';
import { screenComponents } from './screen-registry.js';
import { SCREENS, menuKey, type ScreenKey } from './screens.js';
import { theme } from './theme.js';

const antdLocales = { 'zh-CN': zhCN, en: enUS } as const;
const dayjsLocales = { 'zh-CN': 'zh-cn', en: 'en' } as const;

const icons: Record<ScreenKey, ReactNode> = {
  monitor: <DashboardOutlined />,
  composer: <EditOutlined />,
  contacts: <ContactsOutlined />,
  campaigns: <SendOutlined />,
  inbox: <InboxOutlined />,
  deliveryLog: <FileSearchOutlined />,
  statistics: <BarChartOutlined />,
  settings: <SettingOutlined />,
};

export function App() {
  const [locale, setLocale] = useState<Locale>(DEFAULT_LOCALE);
  // The date pickers name months and weekdays through dayjs's global locale: set before they render.
  dayjs.locale(dayjsLocales[locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider locale={antdLocales[locale]} theme={theme}>
      <AntApp style={{ height: '100%' }}>
        <I18nProvider locale={locale}>
          <Shell locale={locale} onLocale={setLocale} />
        </I18nProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function Shell({ locale, onLocale }: { locale: Locale; onLocale: (l: Locale) => void }) {
  const t = useT();
  const { notification } = AntApp.useApp();
  const [screen, setScreen] = useState<ScreenKey>('monitor');
  // Screens mount once main has answered app.info and app.ready: their first calls then see the
  // saved locale, and the start-up order (subscribe -> info -> ready) holds.
  const [started, setStarted] = useState(false);

  // The event subscription lives for the whole mount; it reads the current language from a ref.
  const localeRef = useRef(locale);
  localeRef.current = locale;

  // Start-up: subscribe first, then learn the saved locale, then tell main we are ready
  // so the events it queued while the window loaded are delivered.
  useEffect(() => {
    const fail = (error: unknown) =>
      notification.error({
        title: translate(localeRef.current, 'app.ipcError'),
        description: error instanceof Error ? error.message : String(error),
        duration: 0,
      });
    let unsubscribe = () => {};
    let stopLive = () => {};
    try {
      // The live store subscribes before app.ready, so the events main queued reach it.
      stopLive = liveStore.start();
      unsubscribe = onEvent('app.notice', (batch) => {
        const lang = localeRef.current;
        const title = translate(lang, 'app.title');
        for (const notice of batch.items) {
          const key = `notice.${notice.code}`;
          // The database's state (locked, full, writable again) is one banner that stays until the
          // next state replaces it: sending is paused for as long as it shows a fault.
          const store = notice.code.startsWith('store-');
          notification[notice.level]({
            title,
            description: hasKey(key) ? translate(lang, key) : notice.message,
            ...(store ? { key: 'store-fault', duration: notice.level === 'info' ? 4.5 : 0 } : {}),
          });
        }
        if (batch.dropped > 0) notification.warning({ title, description: translate(lang, 'notice.dropped', { count: batch.dropped }) });
      });
    } catch (error) {
      fail(error);
      return () => stopLive();
    }
    void (async () => {
      const info = await desk().app.info();
      if (info.ok) onLocale(info.value.locale);
      const ready = await desk().app.ready();
      if (!ready.ok) throw new Error(ready.message);
    })()
      .catch(fail)
      .finally(() => setStarted(true));
    return () => {
      unsubscribe();
      stopLive();
    };
    // Once per mount: the subscription must not be torn down on a language switch.
  }, []);

  const switchLocale = async (next: Locale) => {
    onLocale(next);
    const result = await desk().app.setLocale(next);
    if (!result.ok) notification.error({ title: translate(next, 'app.ipcError'), description: result.message });
  };

  return (
    <LocaleSetterProvider value={(next) => void switchLocale(next)}>
      <Layout style={{ height: '100%' }}>
        <Layout.Sider theme="light" width={200} style={{ borderRight: '1px solid rgba(5, 5, 5, 0.06)' }}>
          <div style={{ padding: '20px 24px 12px' }}>
            <Typography.Text strong style={{ fontSize: 18 }}>
              {t('app.title')}
            </Typography.Text>
          </div>
          <Menu
            mode="inline"
            style={{ borderInlineEnd: 'none' }}
            selectedKeys={[screen]}
            items={SCREENS.map((key) => ({ key, icon: icons[key], label: t(menuKey(key)) }))}
            onClick={({ key }) => setScreen(key as ScreenKey)}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header style={{ background: 'transparent', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', paddingInline: 24 }}>
            <Space>
              <Typography.Text type="secondary">{t('app.language')}</Typography.Text>
              <Segmented<Locale>
                data-testid="locale-switch"
                value={locale}
                onChange={(value) => void switchLocale(value)}
                options={[
                  { label: '中文', value: 'zh-CN' },
                  { label: 'English', value: 'en' },
                ]}
              />
            </Space>
          </Layout.Header>
          <Layout.Content style={{ overflow: 'auto', padding: '0 24px 24px' }}>
            {started ? (
              <ScreenView screen={screen} />
            ) : (
              <Flex vertical align="center" gap={12} style={{ marginTop: 64 }}>
                <Spin />
                <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>
              </Flex>
            )}
          </Layout.Content>
        </Layout>
      </Layout>
    </LocaleSetterProvider>
  );
}

function ScreenView({ screen }: { screen: ScreenKey }) {
  const Screen = screenComponents[screen];
  return <Screen />;
}
