// Contacts import: file -> preview grid -> per-row errors (format,
// duplicate, already in the group, opted out) -> the dedupe rule stated plainly -> save to a
// group. The file path never reaches this window: main keeps it behind a file id. The preview and
// the save are long operations with progress and cancel.
import { FileSearchOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Descriptions, Empty, Form, Input, Modal, Radio, Row, Select, Space, Statistic, Steps, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { GroupView, ImportDone, ImportFileView, ImportIssueView, ImportPreviewView, ImportProblemCode } from '../../../shared/ipc/contract/contacts.js';
import { call, errorMessage, isCancelled, newJobKey } from '../call.js';
import { bytesText, countText } from '../log/format.js';
import { JobProgressModal, type RunningJob } from '../log/JobProgress.js';
import { importIssueText, importWarningText } from '../../../shared/i18n/import-issue-text.js';
import { useLocale, useT } from '../i18n/react.js';
import { desk } from '../ipc.js';

type Target = { mode: 'existing'; groupId: number | undefined } | { mode: 'new'; name: string };

interface Props {
  open: boolean;
  groups: GroupView[];
  /** Preselected group (the one shown in the screen). */
  groupId: number | null;
  onClose(done: ImportDone | null): void;
}

const PROBLEM_COLORS: Record<ImportProblemCode | 'ok', string> = {
  ok: 'green',
  'malformed-row': 'red',
  'formula-without-result': 'red',
  'cell-error': 'red',
  undecodable: 'red',
  'invalid-number': 'red',
  'duplicate-in-file': 'orange',
  'already-in-group': 'blue',
  'opted-out': 'purple',
};

export function ImportWizard({ open, groups, groupId, onClose }: Props) {
  const t = useT();
  const locale = useLocale();
  const [file, setFile] = useState<ImportFileView | null>(null);
  const [target, setTarget] = useState<Target>({ mode: 'existing', groupId: groupId ?? undefined });
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  const [done, setDone] = useState<ImportDone | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<RunningJob | null>(null);

  useEffect(() => {
    if (!open) return;
    setFile(null);
    setPreview(null);
    setDone(null);
    setError(null);
    setTarget(groupId !== null ? { mode: 'existing', groupId } : groups.length > 0 ? { mode: 'existing', groupId: undefined } : { mode: 'new', name: '' });
  }, [open]);

  const problemText = (p: ImportProblemCode | 'ok') => t(`contacts.problem.${p}`);

  const targetReady = target.mode === 'existing' ? target.groupId !== undefined : target.name.trim() !== '';
  const step = done ? 2 : preview ? 1 : 0;

  const pick = async () => {
    setError(null);
    try {
      const f = await call(t, desk().contacts.pickImportFile());
      if (f) {
        setFile(f);
        setPreview(null);
      }
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const runPreview = async () => {
    if (!file) return;
    setError(null);
    const key = newJobKey('preview');
    const pending = desk().contacts.previewImport({ fileId: file.fileId, jobKey: key, ...(target.mode === 'existing' && target.groupId !== undefined ? { groupId: target.groupId } : {}) });
    setJob({ key, title: t('contacts.import.previewing', { name: file.name }) });
    try {
      setPreview(await call(t, pending));
    } catch (e) {
      if (!isCancelled(e)) setError(errorMessage(e));
    } finally {
      setJob(null);
    }
  };

  const save = async () => {
    if (!file || !preview) return;
    setError(null);
    const key = newJobKey('import');
    const pending = desk().contacts.import({
      fileId: file.fileId,
      sha256: preview.sha256,
      jobKey: key,
      ...(target.mode === 'existing' ? { groupId: target.groupId! } : { newGroupName: target.name.trim() }),
    });
    setJob({ key, title: t('contacts.import.saving'), total: preview.counts.rows });
    try {
      setDone(await call(t, pending));
    } catch (e) {
      if (!isCancelled(e)) setError(errorMessage(e));
    } finally {
      setJob(null);
    }
  };

  const counts = preview?.counts;
  const stats: [string, number, string?][] = counts
    ? [
        [t('contacts.import.rows'), counts.rows],
        [t('contacts.import.valid'), counts.valid, '#389e0d'],
        [t('contacts.problem.invalid-number'), counts.invalidNumber, counts.invalidNumber ? '#cf1322' : undefined],
        [t('contacts.problem.duplicate-in-file'), counts.duplicateInFile, counts.duplicateInFile ? '#d46b08' : undefined],
        [t('contacts.problem.already-in-group'), counts.alreadyInGroup],
        [t('contacts.problem.opted-out'), counts.optedOut],
        [t('contacts.problem.malformed-row'), counts.malformed, counts.malformed ? '#cf1322' : undefined],
        [t('contacts.import.blank'), counts.blank],
        [t('contacts.import.notChinaMobile'), counts.notChinaMobile],
      ]
    : [];

  return (
    <Modal
      open={open}
      width={1040}
      title={t('contacts.import.title')}
      onCancel={() => onClose(done)}
      mask={{ closable: false }}
      footer={
        <Space>
          {step === 1 && <Button onClick={() => setPreview(null)}>{t('contacts.import.back')}</Button>}
          {step === 0 && (
            <Button type="primary" icon={<FileSearchOutlined />} disabled={!file || !targetReady} onClick={() => void runPreview()} data-testid="import-preview">
              {t('contacts.import.preview')}
            </Button>
          )}
          {step === 1 && (
            <Button type="primary" disabled={!counts || counts.valid === 0} onClick={() => void save()} data-testid="import-save">
              {t('contacts.import.save', { count: countText(counts?.valid ?? 0, locale) })}
            </Button>
          )}
          {step === 2 && (
            <Button type="primary" onClick={() => onClose(done)} data-testid="import-close">
              {t('contacts.import.close')}
            </Button>
          )}
        </Space>
      }
    >
      <div data-testid="import-wizard">
        <Steps
          size="small"
          current={step}
          style={{ marginBottom: 16 }}
          items={[{ title: t('contacts.import.stepFile') }, { title: t('contacts.import.stepPreview') }, { title: t('contacts.import.stepSave') }]}
        />
        {error && (
          <div data-testid="import-error" style={{ marginBottom: 12 }}>
            <Alert type="error" showIcon title={error} />
          </div>
        )}
        {step === 0 && (
          <Form layout="vertical" component={false}>
            <Form.Item label={t('contacts.import.file')} extra={t('contacts.import.formats')}>
              <Space>
                <Button onClick={() => void pick()} data-testid="import-pick">
                  {t('contacts.import.chooseFile')}
                </Button>
                {file && (
                  <Typography.Text data-testid="import-file">
                    {file.name} · {bytesText(file.bytes)}
                  </Typography.Text>
                )}
              </Space>
            </Form.Item>
            <Form.Item label={t('contacts.import.target')}>
              <Radio.Group
                value={target.mode}
                onChange={(e) => setTarget(e.target.value === 'new' ? { mode: 'new', name: '' } : { mode: 'existing', groupId: groupId ?? undefined })}
                options={[
                  { value: 'existing', label: t('contacts.import.existingGroup'), disabled: groups.length === 0 },
                  { value: 'new', label: t('contacts.import.newGroup') },
                ]}
              />
            </Form.Item>
            {target.mode === 'existing' ? (
              <Form.Item label={t('contacts.group')}>
                <Select<number>
                  value={target.groupId}
                  onChange={(v) => setTarget({ mode: 'existing', groupId: v })}
                  options={groups.map((g) => ({ value: g.id, label: `${g.name} (${countText(g.size, locale)})` }))}
                  style={{ width: 320 }}
                  id="import-group"
                />
              </Form.Item>
            ) : (
              <Form.Item label={t('contacts.import.newGroupName')}>
                <Input value={target.name} maxLength={100} onChange={(e) => setTarget({ mode: 'new', name: e.target.value })} style={{ width: 320 }} id="import-new-group" />
              </Form.Item>
            )}
          </Form>
        )}
        {step === 1 && preview && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Descriptions
              size="small"
              column={3}
              items={[
                { key: 'file', label: t('contacts.import.file'), children: `${preview.name} · ${bytesText(preview.bytes)}` },
                { key: 'format', label: t('contacts.import.format'), children: `${preview.format.toUpperCase()}${preview.encoding ? ` · ${preview.encoding}` : ''}` },
                { key: 'group', label: t('contacts.group'), children: preview.group ? preview.group.name : target.mode === 'new' ? `${target.name} (${t('contacts.import.newGroup')})` : '—' },
                { key: 'number', label: t('contacts.import.numberColumn'), children: preview.numberColumn ?? t('contacts.import.firstColumn') },
                { key: 'name', label: t('contacts.import.nameColumn'), children: preview.nameColumn ?? '—' },
                { key: 'fields', label: t('contacts.import.fieldColumns'), children: preview.fieldColumns.length ? preview.fieldColumns.join(', ') : '—' },
              ]}
            />
            <Row gutter={[16, 8]} data-testid="import-counts">
              {stats.map(([label, value, color]) => (
                <Col key={label} flex="1 0 100px">
                  <Statistic title={label} value={value} styles={color ? { content: { color } } : undefined} />
                </Col>
              ))}
            </Row>
            <div data-testid="import-dedupe">
              <Alert type="info" showIcon title={t('contacts.import.dedupeTitle')} description={t('contacts.import.dedupeRule')} />
            </div>
            {preview.warnings.map((w, i) => (
              <Alert key={i} type="warning" showIcon title={importWarningText(w, t)} data-testid="import-warning" />
            ))}
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('contacts.import.issues', { count: countText(preview.issues.length + preview.issuesOmitted, locale) })}
            </Typography.Title>
            {preview.issues.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contacts.import.noIssues')} />
            ) : (
              <div data-testid="import-issues">
              <Table<ImportIssueView>
                size="small"
                rowKey={(i) => `${i.sheet ?? ''}:${i.line}:${i.problem}`}
                pagination={{ pageSize: 8, showSizeChanger: false }}
                dataSource={preview.issues}
                columns={[
                  { key: 'line', title: t('contacts.import.line'), width: 80, render: (_, i) => (i.sheet ? `${i.sheet}!${i.line}` : i.line) },
                  { key: 'input', title: t('contacts.import.input'), width: 180, render: (_, i) => <Typography.Text code>{i.input || ' '}</Typography.Text> },
                  { key: 'problem', title: t('contacts.import.problem'), width: 150, render: (_, i) => <Tag color={PROBLEM_COLORS[i.problem]}>{problemText(i.problem)}</Tag> },
                  { key: 'detail', title: t('contacts.import.detail'), render: (_, i) => importIssueText(i, t, locale) },
                ]}
              />
              </div>
            )}
            {preview.issuesOmitted > 0 && <Typography.Text type="secondary">{t('contacts.import.issuesOmitted', { count: countText(preview.issuesOmitted, locale) })}</Typography.Text>}
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('contacts.import.sample')}
            </Typography.Title>
            <div data-testid="import-sample">
            <Table
              size="small"
              rowKey={(r) => `${r.sheet ?? ''}:${r.line}`}
              pagination={false}
              scroll={{ y: 240 }}
              dataSource={preview.sample}
              columns={[
                { key: 'line', title: t('contacts.import.line'), width: 70, render: (_, r) => r.line },
                { key: 'number', title: t('contacts.col.number'), width: 150, render: (_, r) => r.number },
                { key: 'name', title: t('contacts.col.name'), width: 140, render: (_, r) => r.name },
                { key: 'fields', title: t('contacts.col.fields'), render: (_, r) => Object.entries(r.fields).map(([k, v]) => `${k}: ${v}`).join(' · ') },
                { key: 'status', title: t('contacts.import.status'), width: 140, render: (_, r) => <Tag color={PROBLEM_COLORS[r.status]}>{problemText(r.status)}</Tag> },
              ]}
            />
            </div>
          </Space>
        )}
        {step === 2 && done && (
          <div data-testid="import-done">
          <Alert
            type="success"
            showIcon
            title={
              done.group
                ? t('contacts.import.done', { count: countText(done.added, locale), group: done.group.name })
                : t('contacts.import.doneNothing')
            }
            description={t('contacts.import.doneDetail', {
              rows: countText(done.counts.rows, locale),
              skipped: countText(done.counts.rows - done.counts.valid, locale),
            })}
          />
          </div>
        )}
      </div>
      <JobProgressModal job={job} />
    </Modal>
  );
}
