// One row of the inbox's left column (a conversation, or an MO found by a search): the number and
// time, the text, and its tags; highlighted when it is the open conversation.
import { Flex, List, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/react.js';
import { dateTime } from '../monitor/format.js';

export function InboxListRow(p: { number: string; at: number; text: string | null; tags: ReactNode; selected: boolean; onOpen: () => void; testId: string }) {
  const t = useT();
  return (
    <List.Item onClick={p.onOpen} style={{ cursor: 'pointer', background: p.selected ? '#e6f4ff' : undefined }} data-testid={p.testId}>
      <Flex vertical style={{ width: '100%', minWidth: 0 }}>
        <Flex justify="space-between" gap={8}>
          <Typography.Text strong>{p.number}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {dateTime(p.at)}
          </Typography.Text>
        </Flex>
        <Flex justify="space-between" gap={8}>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: '70%' }}>
            {p.text ?? t('inbox.undecodable')}
          </Typography.Text>
          <span>{p.tags}</span>
        </Flex>
      </Flex>
    </List.Item>
  );
}
