// The inbox's search bar (a part of a number or of a text) and campaign filter (MOs that answered a
// campaign through its Src_Id extension), and the matching MOs, newest first; a click opens the
// sender's conversation.
import { Button, Empty, Flex, Input, List, Select, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { InboxMessage } from '../../../shared/inbox-message.js';
import { SEARCH_TERM_MAX, type CampaignMoRow } from '../../../shared/ipc/contract/inbox.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { InboxListRow } from './InboxListRow.js';

export interface InboxFilter {
  term?: string;
  campaignId?: number;
}

export const filterActive = (f: InboxFilter) => f.term !== undefined || f.campaignId !== undefined;

export function InboxSearchBar({ filter, onChange, serial }: { filter: InboxFilter; onChange: (f: InboxFilter) => void; serial: number }) {
  const t = useT();
  const [campaigns, setCampaigns] = useState<CampaignMoRow[]>([]);
  const [text, setText] = useState(filter.term ?? '');
  useEffect(() => {
    void desk()
      .inbox.campaigns()
      .then((r) => r.ok && setCampaigns(r.value));
  }, [serial]);
  const apply = (raw: string) => {
    const term = raw.trim().slice(0, SEARCH_TERM_MAX);
    const { term: _old, ...rest } = filter;
    onChange(term === '' ? rest : { ...rest, term });
  };
  return (
    <Flex gap={8} wrap style={{ marginBottom: 12 }}>
      <Input.Search allowClear style={{ width: 260 }} value={text} placeholder={t('inbox.searchPlaceholder')} maxLength={SEARCH_TERM_MAX} onChange={(e) => setText(e.target.value)} onSearch={apply} data-testid="inbox-search" />
      <Select<number>
        allowClear
        style={{ minWidth: 240 }}
        placeholder={t('inbox.campaignFilter')}
        value={filter.campaignId}
        onChange={(campaignId) => {
          const { campaignId: _old, ...rest } = filter;
          onChange(campaignId === undefined ? rest : { ...rest, campaignId });
        }}
        options={campaigns.map((c) => ({ value: c.campaignId, label: t('inbox.campaignOption', { id: c.campaignId, name: c.name, count: c.mos }) }))}
        data-testid="inbox-campaign-filter"
      />
      {filterActive(filter) && (
        <Button
          onClick={() => {
            setText('');
            onChange({});
          }}
          data-testid="inbox-clear-filter"
        >
          {t('inbox.clearFilter')}
        </Button>
      )}
    </Flex>
  );
}

export function SearchResults({ filter, serial, selected, onOpen }: { filter: InboxFilter; serial: number; selected: string | null; onOpen: (number: string) => void }) {
  const t = useT();
  const [rows, setRows] = useState<InboxMessage[] | null>(null);
  useEffect(() => {
    let live = true;
    void desk()
      .inbox.search({ ...filter, limit: 200 })
      .then((r) => live && setRows(r.ok ? r.value : []));
    return () => {
      live = false;
    };
  }, [filter, serial]);
  if (rows === null) return <Spin />;
  if (rows.length === 0) return <Empty description={t('inbox.noResults')} />;
  return (
    <Flex vertical gap={4}>
      <Typography.Text type="secondary" data-testid="inbox-results-count">
        {t('inbox.results', { count: rows.length })}
      </Typography.Text>
      <List
        data-testid="inbox-results"
        size="small"
        bordered
        dataSource={rows}
        style={{ maxHeight: 560, overflow: 'auto' }}
        renderItem={(m) => (
          <InboxListRow
            number={m.number}
            at={m.receivedAt}
            text={m.text}
            selected={m.number === selected}
            onOpen={() => onOpen(m.number)}
            testId={`result-${m.id}`}
            tags={
              <>
                {m.campaignId !== null && <Tag>{t('inbox.toCampaign', { id: m.campaignId })}</Tag>}
                {m.optEvent === 'opt_out' && <Tag color="red">{t('inbox.optedOut')}</Tag>}
                {!m.handled && <Tag color="blue">{t('inbox.notHandled')}</Tag>}
              </>
            }
          />
        )}
      />
    </Flex>
  );
}
