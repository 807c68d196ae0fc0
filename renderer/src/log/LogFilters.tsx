// The delivery log's filter bar: campaign, account, state, Stat, number, date range and Msg_Id
// (any of its three text forms). Values are checked inline, in the operator's language, with the
// same code main uses (shared/phone.ts, shared/msg-id.ts); main checks them again.
import { Button, DatePicker, Form, Input, Select, Space, AutoComplete, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { memo, useMemo } from 'react';
import type { LogFilter, LogOptions } from '../../../shared/ipc/contract/log.js';
import { MessageStates, type MessageState } from '../../../shared/message-state.js';
import { msgIdTo22, msgIdToDecimal, msgIdToHex, parseMsgId } from '../../../shared/msg-id.js';
import { checkPhone, type PhoneProblem } from '../../../shared/phone.js';
import { classifyStat } from '../../../shared/stat.js';
import { useT } from '../i18n/react.js';
import { STAT_FILTER_SUGGESTIONS } from '../../../shared/stat.js';

export interface FilterDraft {
  campaign: number | 'direct' | undefined;
  accountId: number | undefined;
  states: MessageState[];
  stat: string;
  number: string;
  msgId: string;
  range: [Dayjs | null, Dayjs | null] | null;
}

export const emptyDraft: FilterDraft = { campaign: undefined, accountId: undefined, states: [], stat: '', number: '', msgId: '', range: null };

// The Stat table's own list (shared/stat.ts), so a Stat added there is offered here.
const STAT_SUGGESTIONS = STAT_FILTER_SUGGESTIONS;

/** Where a Stat can stand: a failing Stat only on a failed message, DELIVRD on a delivered one, ... */
export function statesForStat(stat: string): MessageState[] {
  const s = stat.trim().toUpperCase();
  if (s === '') return [];
  switch (classifyStat(s)) {
    case 'delivered':
      return ['delivered'];
    case 'unknown':
      return ['unknown'];
    case 'pending':
      return ['submitted'];
    default:
      return ['failed'];
  }
}

export function msgIdProblem(text: string): string | null {
  if (text.trim() === '') return null;
  try {
    parseMsgId(text);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function numberProblem(text: string): PhoneProblem | null {
  if (text.trim() === '') return null;
  const r = checkPhone(text);
  return r.ok ? null : r.problem;
}

/** The filter main receives, or null when a field is invalid. */
export function filterOf(d: FilterDraft): LogFilter | null {
  if (msgIdProblem(d.msgId) !== null || numberProblem(d.number) !== null) return null;
  const f: LogFilter = {};
  if (d.campaign === 'direct') f.directOnly = true;
  else if (d.campaign !== undefined) f.campaignId = d.campaign;
  if (d.accountId !== undefined) f.accountId = d.accountId;
  if (d.states.length > 0) f.states = d.states;
  if (d.stat.trim() !== '') f.stat = d.stat.trim().toUpperCase();
  if (d.number.trim() !== '') {
    const r = checkPhone(d.number);
    if (r.ok) f.number = r.number;
  }
  if (d.msgId.trim() !== '') f.msgId = d.msgId.trim();
  const [from, to] = d.range ?? [null, null];
  if (from) f.from = from.valueOf();
  if (to) f.to = to.valueOf() + 1;
  return f;
}

interface Props {
  draft: FilterDraft;
  options: LogOptions | null;
  onChange(d: FilterDraft): void;
  onSearch(): void;
  onReset(): void;
}

/** Memoised: the grid's updates (rows arriving, scrolling) must not re-render the filter bar. */
export const LogFilters = memo(function LogFilters({ draft, options, onChange, onSearch, onReset }: Props) {
  const t = useT();
  const set = <K extends keyof FilterDraft>(k: K, v: FilterDraft[K]) => onChange({ ...draft, [k]: v });
  const msgIdError = msgIdProblem(draft.msgId);
  const numberError = numberProblem(draft.number);
  const msgIdForms = useMemo(() => {
    if (draft.msgId.trim() === '' || msgIdError) return null;
    const id = parseMsgId(draft.msgId);
    return `${msgIdToDecimal(id)} · ${msgIdTo22(id)} · ${msgIdToHex(id)}`;
  }, [draft.msgId, msgIdError]);

  const campaignOptions = [
    { value: 'direct' as const, label: t('deliveryLog.direct') },
    ...(options?.campaigns ?? []).map((c) => ({ value: c.id, label: `${c.name} (#${c.id})${c.deleted ? ` · ${t('deliveryLog.campaignDeleted')}` : ''}` })),
  ];
  return (
    <Form layout="vertical" component={false}>
      <Space wrap align="start" size={[12, 0]}>
        <Form.Item label={t('deliveryLog.filter.campaign')} style={{ minWidth: 200 }}>
          <Select<number | 'direct'>
            id="log-filter-campaign"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('deliveryLog.filter.all')}
            value={draft.campaign}
            onChange={(v) => set('campaign', v)}
            options={campaignOptions}
            style={{ width: 200 }}
          />
        </Form.Item>
        <Form.Item label={t('deliveryLog.filter.account')}>
          <Select<number>
            allowClear
            placeholder={t('deliveryLog.filter.all')}
            value={draft.accountId}
            onChange={(v) => set('accountId', v)}
            options={(options?.accounts ?? []).map((a) => ({ value: a.id, label: a.name }))}
            style={{ width: 150 }}
          />
        </Form.Item>
        <Form.Item label={t('deliveryLog.filter.state')}>
          <Select<MessageState[]>
            id="log-filter-state"
            mode="multiple"
            allowClear
            placeholder={t('deliveryLog.filter.all')}
            value={draft.states}
            onChange={(v) => set('states', v)}
            options={MessageStates.map((s) => ({ value: s, label: t(`deliveryLog.state.${s}`) }))}
            style={{ width: 220 }}
            maxTagCount="responsive"
          />
        </Form.Item>
        <Form.Item label="Stat" extra={draft.stat.trim() !== '' && draft.states.length === 0 ? t('deliveryLog.filter.statNarrows') : undefined}>
          <AutoComplete
            id="log-filter-stat"
            value={draft.stat}
            onChange={(v: string) => set('stat', v)}
            options={STAT_SUGGESTIONS.filter((s) => s.startsWith(draft.stat.trim().toUpperCase())).map((s) => ({ value: s }))}
            placeholder="DELIVRD / UNDELIV / MK:"
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item
          label={t('deliveryLog.filter.number')}
          validateStatus={numberError ? 'error' : undefined}
          help={numberError ? t(`deliveryLog.phone.${numberError}`) : undefined}
        >
          <Input id="log-filter-number" value={draft.number} onChange={(e) => set('number', e.target.value)} onPressEnter={onSearch} placeholder="138…" style={{ width: 150 }} allowClear />
        </Form.Item>
        <Form.Item label={t('deliveryLog.filter.date')}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={draft.range}
            onChange={(v) => set('range', v as [Dayjs | null, Dayjs | null] | null)}
            allowEmpty={[true, true]}
          />
        </Form.Item>
        <Form.Item
          label="Msg_Id"
          validateStatus={msgIdError ? 'error' : undefined}
          help={msgIdError ? t('deliveryLog.filter.msgIdInvalid') : msgIdForms ? <Typography.Text type="secondary">{msgIdForms}</Typography.Text> : undefined}
        >
          <Input
            id="log-filter-msgid"
            value={draft.msgId}
            onChange={(e) => set('msgId', e.target.value)}
            onPressEnter={onSearch}
            placeholder={t('deliveryLog.filter.msgIdPlaceholder')}
            style={{ width: 250 }}
            allowClear
          />
        </Form.Item>
        <Form.Item label=" ">
          <Space>
            <Button type="primary" data-testid="filter-search" onClick={onSearch} disabled={msgIdError !== null || numberError !== null}>
              {t('deliveryLog.filter.search')}
            </Button>
            <Button onClick={onReset} data-testid="filter-reset">
              {t('deliveryLog.filter.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Space>
    </Form>
  );
});
