// The Delivery log's note on archived months: which the current view searched (read-only, from
// the archive files beside the database), which it could not (a file moved away: put it back and
// search again), which wait for their upgrade (written by an older version: searchable once
// upgraded in the background), which this version cannot read (written by a newer one, or damaged)
// and which it left out (one search reads at most 9 archives).
import { Alert, Space } from 'antd';
import { memo } from 'react';
import type { LogArchives } from '../../../shared/ipc/contract/log.js';
import { useLocale, useT } from '../i18n/react.js';

export const ArchivesNote = memo(function ArchivesNote({ archives }: { archives: LogArchives | null }) {
  const t = useT();
  const locale = useLocale();
  if (!archives) return null;
  const list = (months: string[]) => months.join(locale === 'zh-CN' ? '、' : ', ');
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 8 }} data-testid="log-archives">
      {archives.searched.length > 0 && (
        <Alert type="info" showIcon title={t('deliveryLog.archives.searched', { months: list(archives.searched) })} data-testid="log-archives-searched" />
      )}
      {archives.missing.length > 0 && (
        <Alert type="warning" showIcon title={t('deliveryLog.archives.missing', { months: list(archives.missing) })} data-testid="log-archives-missing" />
      )}
      {archives.notUpgraded.length > 0 && (
        <Alert type="warning" showIcon title={t('deliveryLog.archives.notUpgraded', { months: list(archives.notUpgraded) })} data-testid="log-archives-not-upgraded" />
      )}
      {archives.unreadable.length > 0 && (
        <Alert type="warning" showIcon title={t('deliveryLog.archives.unreadable', { months: list(archives.unreadable) })} data-testid="log-archives-unreadable" />
      )}
      {archives.notSearched.length > 0 && (
        <Alert type="warning" showIcon title={t('deliveryLog.archives.notSearched', { months: list(archives.notSearched) })} data-testid="log-archives-not-searched" />
      )}
    </Space>
  );
});
