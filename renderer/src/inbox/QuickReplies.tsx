// Quick replies: saved snippets under the reply box; one click puts a snippet into the box (after
// what is typed), the cross deletes it, and what is typed can be saved as a new one.
import { App as AntApp, Button, Flex, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { QuickReplyRow } from '../../../shared/ipc/contract/inbox.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { errorText } from '../call.js';

export function QuickReplies({ current, onInsert }: { current: string; onInsert: (text: string) => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [rows, setRows] = useState<QuickReplyRow[]>([]);
  const load = async () => {
    const r = await desk().inbox.quickReplies();
    if (r.ok) setRows(r.value);
  };
  useEffect(() => void load(), []);

  const save = async () => {
    const r = await desk().inbox.addQuickReply({ text: current.trim() });
    if (r.ok) {
      message.success(t('inbox.quickReplySaved'));
      await load();
    } else message.error(errorText(t, r));
  };
  const remove = async (id: number) => {
    const r = await desk().inbox.deleteQuickReply({ id });
    if (!r.ok) message.error(errorText(t, r));
    await load();
  };

  return (
    <Flex gap={6} wrap align="center" data-testid="quick-replies">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('inbox.quickReplies')}:
      </Typography.Text>
      {rows.length === 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('inbox.quickRepliesEmpty')}
        </Typography.Text>
      )}
      {rows.map((q) => (
        <Tag
          key={q.id}
          color="blue"
          style={{ cursor: 'pointer', maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis' }}
          closable
          closeIcon={<span aria-label={t('inbox.quickReplyDelete')} data-testid={`quick-reply-delete-${q.id}`}>×</span>}
          onClose={(e) => {
            e.preventDefault();
            void remove(q.id);
          }}
          onClick={() => onInsert(q.text)}
          data-testid="quick-reply"
        >
          {q.text}
        </Tag>
      ))}
      <Button size="small" type="link" disabled={current.trim() === ''} onClick={() => void save()} data-testid="quick-reply-save">
        {t('inbox.quickReplySave')}
      </Button>
    </Flex>
  );
}
