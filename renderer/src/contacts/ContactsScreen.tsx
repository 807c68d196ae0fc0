// Contacts: groups with their sizes, a group's members page by page (keyset paging:
// groups of 1,000,000 members are normal), search by number, import with preview and per-row
// errors, export (CSV / XLSX) with progress and cancel.
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Col, Empty, Input, Modal, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { ContactView, GroupView, ImportDone } from '../../../shared/ipc/contract/contacts.js';
import { checkPhone } from '../../../shared/phone.js';
import { ImportWizard } from './ImportWizard.js';
import { call, errorMessage, isCancelled, newJobKey } from '../call.js';
import { countText } from '../log/format.js';
import { dateTime } from '../monitor/format.js';
import { JobProgressModal, type RunningJob } from '../log/JobProgress.js';
import { useLocale, useT } from '../i18n/react.js';
import { desk } from '../ipc.js';

const PAGE = 50;

export function ContactsScreen() {
  const t = useT();
  const locale = useLocale();
  const { message, notification } = AntApp.useApp();
  const [groups, setGroups] = useState<GroupView[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [job, setJob] = useState<RunningJob | null>(null);
  const [nameDialog, setNameDialog] = useState<{ mode: 'create' | 'rename'; name: string } | null>(null);

  // Members: the page shown and the keyset cursors of the pages before it.
  const [members, setMembers] = useState<ContactView[]>([]);
  const [cursors, setCursors] = useState<number[]>([0]);
  const [nextAfter, setNextAfter] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<ContactView | null | undefined>(undefined);

  const loadGroups = useCallback(async (select?: number) => {
    try {
      const list = await call(t, desk().contacts.groups());
      setGroups(list);
      setError(null);
      setSelected((s) => (select !== undefined ? select : s !== null && list.some((g) => g.id === s) ? s : (list[0]?.id ?? null)));
    } catch (e) {
      setGroups([]);
      setError(errorMessage(e));
    }
  }, [t]);
  useEffect(() => void loadGroups(), []);

  const loadMembers = useCallback(
    async (groupId: number, afterId: number) => {
      try {
        const page = await call(t, desk().contacts.members({ groupId, afterId, limit: PAGE }));
        setMembers(page.members);
        setNextAfter(page.nextAfterId);
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [t],
  );
  useEffect(() => {
    setCursors([0]);
    setFound(undefined);
    setSearch('');
    setMembers([]);
    if (selected !== null) void loadMembers(selected, 0);
  }, [selected]);

  const group = groups?.find((g) => g.id === selected) ?? null;

  const nextPage = () => {
    if (selected === null || nextAfter === null) return;
    setCursors((c) => [...c, nextAfter]);
    void loadMembers(selected, nextAfter);
  };
  const prevPage = () => {
    if (selected === null || cursors.length < 2) return;
    const c = cursors.slice(0, -1);
    setCursors(c);
    void loadMembers(selected, c[c.length - 1]!);
  };

  const find = async (text: string) => {
    setSearch(text);
    if (selected === null || text.trim() === '') {
      setFound(undefined);
      return;
    }
    const r = checkPhone(text);
    if (!r.ok) {
      message.warning(t(`deliveryLog.phone.${r.problem}`));
      return;
    }
    try {
      setFound(await call(t, desk().contacts.findMember({ groupId: selected, number: r.number })));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const remove = async (c: ContactView) => {
    if (selected === null) return;
    try {
      await call(t, desk().contacts.removeMember({ groupId: selected, number: c.number }));
      message.success(t('contacts.removed', { number: c.number }));
      setFound(undefined);
      await loadGroups();
      await loadMembers(selected, cursors[cursors.length - 1]!);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const saveName = async () => {
    if (!nameDialog) return;
    try {
      const g =
        nameDialog.mode === 'create'
          ? await call(t, desk().contacts.createGroup({ name: nameDialog.name.trim() }))
          : await call(t, desk().contacts.renameGroup({ groupId: selected!, name: nameDialog.name.trim() }));
      setNameDialog(null);
      await loadGroups(g.id);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const deleteGroup = async () => {
    if (!group) return;
    const key = newJobKey('group-delete');
    const pending = desk().contacts.deleteGroup({ groupId: group.id, jobKey: key });
    setJob({ key, title: t('contacts.deleting', { name: group.name }), total: group.size, cancellable: false });
    try {
      await call(t, pending);
      message.success(t('contacts.deleted', { name: group.name }));
      setSelected(null);
      await loadGroups();
    } catch (e) {
      notification.error({ title: t('contacts.deleteFailed'), description: errorMessage(e) });
    } finally {
      setJob(null);
    }
  };

  const exportGroup = async (format: 'csv' | 'xlsx') => {
    if (!group) return;
    const key = newJobKey('contacts-export');
    const pending = desk().contacts.export({ groupId: group.id, format, lang: locale, jobKey: key });
    setJob({ key, title: t('contacts.exporting', { name: group.name }), total: group.size });
    try {
      const done = await call(t, pending);
      if (done) notification.success({ title: t('contacts.exported'), description: t('contacts.exportedDetail', { rows: countText(done.rows, locale), file: done.file }) });
    } catch (e) {
      if (isCancelled(e)) notification.info({ title: t('contacts.exportCancelled') });
      else notification.error({ title: t('contacts.exportFailed'), description: errorMessage(e), duration: 0 });
    } finally {
      setJob(null);
    }
  };

  const importClosed = (done: ImportDone | null) => {
    setImportOpen(false);
    if (!done) return;
    const g = done.group;
    void loadGroups(g?.id).then(async () => {
      // The same group stays selected: its member list must show the new contacts.
      if (g && selected === g.id) await loadMembers(g.id, 0);
    });
  };

  const memberRows = found !== undefined ? (found ? [found] : []) : members;
  const fieldKeys = [...new Set(memberRows.flatMap((m) => Object.keys(m.fields)))].slice(0, 6);

  return (
    <section data-screen="contacts">
      <Typography.Title level={3}>{t('screen.contacts.title')}</Typography.Title>
      {error && <Alert type="error" showIcon closable title={error} style={{ marginBottom: 12 }} />}
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card
            title={t('contacts.groups')}
            extra={
              <Space>
                <Button icon={<PlusOutlined />} onClick={() => setNameDialog({ mode: 'create', name: '' })} data-testid="group-create">
                  {t('contacts.newGroup')}
                </Button>
                <Button type="primary" icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="contacts-import">
                  {t('contacts.import.open')}
                </Button>
              </Space>
            }
          >
            <div data-testid="group-list">
            <Table<GroupView>
              size="small"
              rowKey="id"
              loading={groups === null}
              pagination={false}
              dataSource={groups ?? []}
              locale={{ emptyText: <Empty description={t('contacts.noGroups')} /> }}
              onRow={(g) => ({ onClick: () => setSelected(g.id), style: { cursor: 'pointer' } })}
              rowClassName={(g) => (g.id === selected ? 'ant-table-row-selected' : '')}
              columns={[
                {
                  key: 'name',
                  title: t('contacts.col.group'),
                  render: (_, g) => (
                    <Space>
                      <span>{g.name}</span>
                      {g.importing && <Tag color="processing">{t('contacts.importing')}</Tag>}
                    </Space>
                  ),
                },
                { key: 'size', title: t('contacts.col.size'), align: 'right', width: 110, render: (_, g) => <span data-testid={`group-size-${g.id}`}>{countText(g.size, locale)}</span> },
              ]}
            />
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card
            title={group ? t('contacts.groupTitle', { name: group.name, count: countText(group.size, locale) }) : t('contacts.members')}
            extra={
              group && (
                <Space wrap>
                  <Button icon={<EditOutlined />} onClick={() => setNameDialog({ mode: 'rename', name: group.name })}>
                    {t('contacts.rename')}
                  </Button>
                  <Space.Compact>
                    <Button icon={<DownloadOutlined />} onClick={() => void exportGroup('csv')} disabled={job !== null} data-testid="contacts-export-csv">
                      {t('contacts.exportCsv')}
                    </Button>
                    <Button onClick={() => void exportGroup('xlsx')} disabled={job !== null}>
                      {t('contacts.exportXlsx')}
                    </Button>
                  </Space.Compact>
                  <Popconfirm title={t('contacts.deleteConfirm', { name: group.name, count: countText(group.size, locale) })} onConfirm={() => void deleteGroup()} okButtonProps={{ danger: true }}>
                    <Button danger icon={<DeleteOutlined />}>
                      {t('contacts.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              )
            }
          >
            {!group ? (
              <Typography.Text type="secondary">{t('contacts.chooseGroup')}</Typography.Text>
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Input.Search
                  allowClear
                  placeholder={t('contacts.searchNumber')}
                  value={search}
                  onChange={(e) => {
                    setSearch(e.target.value);
                    if (e.target.value === '') setFound(undefined);
                  }}
                  onSearch={(v) => void find(v)}
                  style={{ maxWidth: 320 }}
                  id="member-search"
                />
                <div data-testid="member-list">
                <Table<ContactView>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={memberRows}
                  locale={{ emptyText: <Empty description={found === null ? t('contacts.notFound') : t('contacts.noMembers')} /> }}
                  columns={[
                    { key: 'number', title: t('contacts.col.number'), width: 140, render: (_, c) => c.number },
                    { key: 'name', title: t('contacts.col.name'), width: 140, render: (_, c) => c.name },
                    ...fieldKeys.map((k) => ({ key: `f:${k}`, title: k, render: (_: unknown, c: ContactView) => c.fields[k] ?? '' })),
                    { key: 'created', title: t('contacts.col.added'), width: 170, render: (_, c) => dateTime(c.createdAt) },
                    {
                      key: 'actions',
                      title: '',
                      width: 60,
                      render: (_, c) => (
                        <Popconfirm title={t('contacts.removeConfirm', { number: c.number })} onConfirm={() => void remove(c)}>
                          <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('contacts.remove')} />
                        </Popconfirm>
                      ),
                    },
                  ]}
                />
                </div>
                {found === undefined && (
                  <Space>
                    <Button onClick={prevPage} disabled={cursors.length < 2}>
                      {t('contacts.prev')}
                    </Button>
                    <Typography.Text type="secondary">{t('contacts.page', { page: cursors.length })}</Typography.Text>
                    <Button onClick={nextPage} disabled={nextAfter === null}>
                      {t('contacts.next')}
                    </Button>
                  </Space>
                )}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <ImportWizard open={importOpen} groups={groups ?? []} groupId={selected} onClose={importClosed} />
      <Modal
        open={nameDialog !== null}
        title={nameDialog?.mode === 'create' ? t('contacts.newGroup') : t('contacts.rename')}
        onCancel={() => setNameDialog(null)}
        onOk={() => void saveName()}
        okButtonProps={{ disabled: !nameDialog || nameDialog.name.trim() === '' || nameDialog.name.length > 100 }}
        destroyOnHidden
      >
        <Input
          autoFocus
          maxLength={100}
          value={nameDialog?.name ?? ''}
          placeholder={t('contacts.groupName')}
          onChange={(e) => setNameDialog((d) => d && { ...d, name: e.target.value })}
          onPressEnter={() => void saveName()}
          id="group-name"
        />
      </Modal>
      <JobProgressModal job={job} />
    </section>
  );
}
