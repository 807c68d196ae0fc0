// The inbox: MO conversations by number (inline reply, handled / unhandled), the live status
// reports, and the opt-out / opt-in events. New MOs and reports arrive as live events; the lists
// reload from main at most once per repaint.
import { Alert, Badge, Button, Col, Empty, List, Row, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Conversation, OptEventRow, ThreadRow } from '../../../shared/ipc/contract/inbox.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { ConversationView } from './ConversationView.js';
import { InboxListRow } from './InboxListRow.js';
import { filterActive, InboxSearchBar, SearchResults, type InboxFilter } from './InboxSearch.js';
import { LIVE_REPORT_ROWS, LiveReports } from './LiveReports.js';
import { dateTime } from '../monitor/format.js';
import { call, failureOf } from '../call.js';
import { liveStore, useLiveValue, useLiveVersion } from '../monitor/live-store.js';

export function InboxScreen() {
  const t = useT();
  // Re-rendered by new MOs and mode switches only; the live reports repaint on their own.
  const moSerial = useLiveValue((s) => s.moSerial);
  const modeSerial = useLiveValue((s) => s.modeSerial);
  const [tab, setTab] = useState('threads');
  const [threads, setThreads] = useState<ThreadRow[] | null>(null);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const [number, setNumber] = useState<string | null>(null);
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [loadingConversation, setLoadingConversation] = useState(false);
  const [optEvents, setOptEvents] = useState<OptEventRow[] | null>(null);
  const [filter, setFilter] = useState<InboxFilter>({});
  const numberRef = useRef<string | null>(null);
  numberRef.current = number;

  const loadThreads = useCallback(async () => {
    try {
      setThreads(await call(t, desk().inbox.threads({ limit: 200 })));
      setError(null);
    } catch (e) {
      setError(failureOf(e));
    }
  }, [t]);

  const loadConversation = useCallback(async (n: string) => {
    setLoadingConversation(true);
    try {
      const r = await desk().inbox.conversation({ number: n });
      // The operator may have clicked another thread meanwhile.
      if (r.ok && numberRef.current === n) setConversation(r.value);
    } finally {
      setLoadingConversation(false);
    }
  }, []);

  const loadOptEvents = useCallback(async () => {
    const r = await desk().inbox.optEvents();
    if (r.ok) setOptEvents(r.value);
  }, []);

  // First paint: threads, and the reports received before this window (the ring starts empty).
  useEffect(() => {
    void loadThreads();
    void desk()
      .inbox.recentReports({ limit: 200 })
      .then((r) => {
        if (r.ok && liveStore.reports.length === 0) liveStore.ingest('live.reports', { items: [...r.value].reverse(), dropped: 0 });
      });
  }, [loadThreads, modeSerial]);

  // A new MO: the thread list (and the open conversation, and the opt-out list) change.
  useEffect(() => {
    if (moSerial === 0) return;
    void loadThreads();
    if (numberRef.current) void loadConversation(numberRef.current);
    if (tab === 'opt') void loadOptEvents();
  }, [moSerial]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (tab === 'opt') void loadOptEvents();
  }, [tab, loadOptEvents]);

  const open = (n: string) => {
    setNumber(n);
    setConversation(null);
    void loadConversation(n);
  };

  if (error?.code === 'no-workspace') {
    return (
      <section data-screen="inbox">
        <Typography.Title level={3}>{t('screen.inbox.title')}</Typography.Title>
        <Empty style={{ marginTop: 64 }} description={t('screen.noWorkspace')} />
      </section>
    );
  }

  const unhandledTotal = threads?.reduce((n, th) => n + th.unhandled, 0) ?? 0;
  return (
    <section data-screen="inbox">
      <Typography.Title level={3}>{t('screen.inbox.title')}</Typography.Title>
      {error && <Alert type="error" showIcon title={error.text} action={<Button onClick={() => void loadThreads()}>{t('live.retry')}</Button>} />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'threads',
            label: (
              <Badge count={unhandledTotal} size="small" offset={[8, -2]}>
                {t('inbox.tab.conversations')}
              </Badge>
            ),
            children:
              tab !== 'threads' ? null : threads === null ? (
                <Spin />
              ) : threads.length === 0 ? (
                <Empty description={t('inbox.noThreads')} />
              ) : (
                <Row gutter={16}>
                  <Col span={24}>
                    <InboxSearchBar filter={filter} onChange={setFilter} serial={moSerial} />
                  </Col>
                  <Col xs={24} md={9}>
                    {filterActive(filter) ? (
                      <SearchResults filter={filter} serial={moSerial} selected={number} onOpen={open} />
                    ) : (
                      <List
                        data-testid="threads"
                        size="small"
                        bordered
                        dataSource={threads}
                        style={{ maxHeight: 560, overflow: 'auto' }}
                        renderItem={(th) => (
                          <InboxListRow
                            number={th.number}
                            at={th.lastAt}
                            text={th.lastText}
                            selected={th.number === number}
                            onOpen={() => open(th.number)}
                            testId={`thread-${th.number}`}
                            tags={
                              <>
                                {th.optedOut && <Tag color="red">{t('inbox.optedOut')}</Tag>}
                                {th.unhandled > 0 && <Badge count={th.unhandled} size="small" />}
                              </>
                            }
                          />
                        )}
                      />
                    )}
                  </Col>
                  <Col xs={24} md={15}>
                    {number && <ReportWatcher number={number} onReport={() => void loadConversation(number)} />}
                    {number ? (
                      <ConversationView number={number} conversation={conversation} loading={loadingConversation} onChanged={() => (void loadConversation(number), void loadThreads())} />
                    ) : (
                      <Empty description={t('inbox.pickThread')} />
                    )}
                  </Col>
                </Row>
              ),
          },
          {
            key: 'reports',
            label: t('inbox.tab.reports'),
            children: tab === 'reports' ? <LiveReportsTab /> : null,
          },
          {
            key: 'opt',
            label: t('inbox.tab.optEvents'),
            children:
              tab !== 'opt' ? null : optEvents === null ? (
                <Spin />
              ) : (
                <Table<OptEventRow>
                  size="small"
                  rowKey="moId"
                  dataSource={optEvents}
                  data-testid="opt-events"
                  locale={{ emptyText: t('inbox.optEventsEmpty') }}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  columns={[
                    { title: t('inbox.col.time'), dataIndex: 'at', render: (ms: number) => dateTime(ms) },
                    { title: t('inbox.col.number'), dataIndex: 'number', render: (n: string) => <Typography.Link onClick={() => (setTab('threads'), open(n))}>{n}</Typography.Link> },
                    { title: t('inbox.col.event'), dataIndex: 'event', render: (e: OptEventRow['event']) => <Tag color={e === 'opt_out' ? 'red' : 'green'}>{e === 'opt_out' ? t('inbox.optOutEvent') : t('inbox.optInEvent')}</Tag> },
                    { title: t('inbox.col.text'), dataIndex: 'text', render: (s: string | null) => s ?? '—' },
                    { title: t('inbox.col.now'), dataIndex: 'optedOut', render: (o: boolean) => (o ? t('inbox.stillOptedOut') : t('inbox.notOptedOut')) },
                  ]}
                />
              ),
          },
        ]}
      />
    </section>
  );
}

/** The live reports, repainting on the live store's clock. */
function LiveReportsTab() {
  useLiveVersion();
  return <LiveReports rows={liveStore.reports.newest(LIVE_REPORT_ROWS)} dropped={liveStore.dropped.reports} />;
}

/** Reloads the open conversation when a status report for its number arrives (renders nothing). */
function ReportWatcher({ number, onReport }: { number: string; onReport: () => void }) {
  const serial = useLiveValue((s) => s.reportSerial);
  const seen = useRef(serial);
  useEffect(() => {
    if (serial === seen.current) return;
    seen.current = serial;
    if (liveStore.reports.newest(200).some((r) => r.number === number)) onReport();
  }, [serial, number, onReport]);
  return null;
}
