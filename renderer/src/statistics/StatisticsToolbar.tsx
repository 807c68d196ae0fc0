// The Statistics screen's controls: the range (presets and a custom range), the period a row
// stands for (day, week, month), the account and campaign filters, and export.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Dropdown, Flex, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { memo } from 'react';
import type { LogOptions } from '../../../shared/ipc/contract/log.js';
import type { STATISTICS_TABLES } from '../../../shared/ipc/contract/statistics.js';
import { STATISTICS_PERIODS, type StatisticsPeriod } from '../../../shared/statistics-periods.js';
import { dayText } from '../../../shared/statistics.js';
import { useT } from '../i18n/react.js';
import { RANGE_PRESETS, type DayRange, type RangePreset } from './range.js';

/** The campaign filter: all, direct sends only, or one campaign. */
export type CampaignChoice = 'all' | 'direct' | number;

export interface StatisticsControls {
  preset: RangePreset;
  range: DayRange;
  period: StatisticsPeriod;
  accountId: number | null;
  campaign: CampaignChoice;
}

export type ExportChoice = { table: (typeof STATISTICS_TABLES)[number]; format: 'csv' | 'xlsx' };

const dayOfPicked = (d: Dayjs): number => d.year() * 10_000 + (d.month() + 1) * 100 + d.date();

interface Props {
  value: StatisticsControls;
  options: LogOptions | null;
  canExport: boolean;
  onPreset(preset: RangePreset): void;
  onCustom(range: DayRange): void;
  onChange(next: Partial<StatisticsControls>): void;
  onExport(choice: ExportChoice): void;
}

export const StatisticsToolbar = memo(function StatisticsToolbar({ value, options, canExport, onPreset, onCustom, onChange, onExport }: Props) {
  const t = useT();
  const exports: { key: string; label: string; choice: ExportChoice }[] = [
    { key: 'periods-csv', label: t('statistics.export.periodsCsv'), choice: { table: 'periods', format: 'csv' } },
    { key: 'periods-xlsx', label: t('statistics.export.periodsXlsx'), choice: { table: 'periods', format: 'xlsx' } },
    { key: 'reasons-csv', label: t('statistics.export.reasonsCsv'), choice: { table: 'reasons', format: 'csv' } },
    { key: 'reasons-xlsx', label: t('statistics.export.reasonsXlsx'), choice: { table: 'reasons', format: 'xlsx' } },
  ];
  return (
    <Flex wrap gap={12} align="center" style={{ paddingBottom: 12 }}>
      <Segmented<RangePreset>
        data-testid="stats-preset"
        aria-label={t('statistics.range')}
        value={value.preset}
        onChange={onPreset}
        options={RANGE_PRESETS.map((p) => ({ value: p, label: t(`statistics.preset.${p}`) }))}
      />
      <span data-testid="stats-range-picker">
        <DatePicker.RangePicker
          aria-label={t('statistics.range')}
          allowClear={false}
          value={[dayjs(dayText(value.range.fromDay)), dayjs(dayText(value.range.toDay))]}
          onChange={(v) => {
            if (v?.[0] && v[1]) onCustom({ fromDay: dayOfPicked(v[0]), toDay: dayOfPicked(v[1]) });
          }}
        />
      </span>
      <Segmented<StatisticsPeriod>
        data-testid="stats-period"
        aria-label={t('statistics.groupBy')}
        value={value.period}
        onChange={(period) => onChange({ period })}
        options={STATISTICS_PERIODS.map((p) => ({ value: p, label: t(`statistics.period.${p}`) }))}
      />
      <Select<number | 'all'>
        id="stats-account"
        aria-label={t('statistics.filter.account')}
        style={{ minWidth: 160 }}
        value={value.accountId ?? 'all'}
        onChange={(v) => onChange({ accountId: v === 'all' ? null : v })}
        options={[{ value: 'all' as const, label: t('statistics.filter.allAccounts') }, ...(options?.accounts ?? []).map((a) => ({ value: a.id, label: a.name }))]}
      />
      <Select<CampaignChoice>
        id="stats-campaign"
        aria-label={t('statistics.filter.campaign')}
        style={{ minWidth: 220 }}
        showSearch={{ optionFilterProp: 'label' }}
        value={value.campaign}
        onChange={(campaign) => onChange({ campaign })}
        options={[
          { value: 'all' as const, label: t('statistics.filter.allCampaigns') },
          { value: 'direct' as const, label: t('statistics.directSends') },
          ...(options?.campaigns ?? []).map((c) => ({ value: c.id, label: `${c.name} (#${c.id})${c.deleted ? ` ${t('statistics.deleted')}` : ''}` })),
        ]}
      />
      <Dropdown
        disabled={!canExport}
        menu={{
          items: exports.map((e) => ({ key: e.key, label: <span data-testid={`stats-export-${e.key}`}>{e.label}</span> })),
          onClick: ({ key }) => {
            const e = exports.find((x) => x.key === key);
            if (e) onExport(e.choice);
          },
        }}
      >
        <Button icon={<DownloadOutlined />} data-testid="stats-export">
          {t('statistics.export')}
        </Button>
      </Dropdown>
    </Flex>
  );
});
