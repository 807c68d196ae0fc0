// The composer: message text (typed or from a template with merge fields), the live preview
// computed by main's planner, recipients (groups and pasted numbers, validated inline), the fee
// settings, the batch plan, test send and send.
//
// With a gateway account selected, the preview uses the account's signature, gateway footer,
// encoding and segment cap: exactly what the pump will send (electron/services/submit-batches.ts).
// Without an engine or account (first start before any account exists) the composer still
// previews with the options typed here.
import { Alert, Button, Col, Flex, Form, Input, InputNumber, Radio, Row, Segmented, Select, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { FOOTER_MAX, PREVIEW_TEXT_MAX, SIGNATURE_MAX } from '../../../shared/ipc/contract/composer.js';
import type { BatchPlan, ComposerContext, ComposerPreview, ComposerSendArgs } from '../../../shared/ipc/contract/composer.js';
import type { EncodingChoice, MessagePlan } from '../../../shared/plan.js';
import { BatchPlanCard } from './BatchPlanCard.js';
import { feeDefaults, feeProblems, FeeSettings, type FeeState } from './FeeSettings.js';
import { PlanPreview } from './PlanPreview.js';
import { RecipientsPicker } from './RecipientsPicker.js';
import { SendPanel } from './SendPanel.js';
import { TemplateActions } from './TemplateActions.js';
import { useDebouncedCall } from './useDebouncedCall.js';
import { usePlanPreview, type PreviewArgs, type PreviewState } from './usePlanPreview.js';
import { useT } from '../i18n/react.js';
import { refusalText } from '../../../shared/i18n/refusal-text.js';
import { desk } from '../ipc.js';
import { useLiveValue } from '../monitor/live-store.js';

// Lengths are checked here (in the operator's language) before asking main, which
// checks them again; nothing is cut off silently.
function overLimit(value: string, max: number) {
  return value.length > max;
}

/** The batch plan walks every recipient: ask again only once the operator pauses. */
const PLAN_DEBOUNCE_MS = 400;
const ACCOUNT_PREVIEW_DEBOUNCE_MS = 120;

type PreviewCall = { accountId: number; text?: string; templateId?: number; groupIds: number[]; numbers: string };

export function ComposerScreen() {
  const t = useT();
  const modeSerial = useLiveValue((s) => s.modeSerial);
  const [ctx, setCtx] = useState<ComposerContext | null>(null);
  const [accountId, setAccountId] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [signature, setSignature] = useState('');
  const [signaturePosition, setSignaturePosition] = useState<'prefix' | 'suffix'>('prefix');
  const [gatewayFooter, setGatewayFooter] = useState('');
  const [encoding, setEncoding] = useState<EncodingChoice>('auto');
  const [udhRefBits, setUdhRefBits] = useState<8 | 16>(8);
  const [maxSegments, setMaxSegments] = useState<number | null>(null);
  const [groupIds, setGroupIds] = useState<number[]>([]);
  const [numbers, setNumbers] = useState('');
  const [fee, setFee] = useState<FeeState | null>(null);
  const [name, setName] = useState('');
  const [ctxSerial, setCtxSerial] = useState(0);

  // The accounts, groups and templates of the workspace in use (reloaded after a mode switch).
  useEffect(() => {
    let current = true;
    void desk()
      .composer.context()
      .then((r) => {
        if (!current) return;
        if (!r.ok) {
          setCtx(null);
          return;
        }
        setCtx(r.value);
        const keep = r.value.accounts.find((a) => a.id === accountId);
        const a = keep ?? r.value.accounts[0] ?? null;
        setAccountId(a?.id ?? null);
        if (a && !keep) setFee(feeDefaults(a));
        setGroupIds((ids) => ids.filter((id) => r.value.groups.some((g) => g.id === id)));
      });
    return () => {
      current = false;
    };
  }, [modeSerial, ctxSerial]); // eslint-disable-line react-hooks/exhaustive-deps

  const account = ctx?.accounts.find((a) => a.id === accountId) ?? null;
  const template = ctx?.templates.find((x) => x.id === templateId) ?? null;
  // Sent as the template (kept in the campaign for the audit) while its text is unchanged.
  const usesTemplate = template !== null && template.text === text;
  const tooLong = overLimit(text, PREVIEW_TEXT_MAX) || overLimit(signature, SIGNATURE_MAX) || overLimit(gatewayFooter, FOOTER_MAX);

  // ---- preview: the account's planner options, or the ones typed here -------------------------
  const manualArgs = useMemo<PreviewArgs | null>(
    () =>
      account !== null || text === '' || tooLong
        ? null
        : { text, options: { encoding, udhRefBits, signature, signaturePosition, gatewayFooter, ...(maxSegments === null ? {} : { maxSegments }) } },
    [account, text, tooLong, encoding, udhRefBits, signature, signaturePosition, gatewayFooter, maxSegments],
  );
  const manualPreview = usePlanPreview(manualArgs);
  const accountArgs = useMemo<PreviewCall | null>(
    () => (account === null || text === '' || tooLong ? null : { accountId: account.id, ...(usesTemplate ? { templateId: template!.id } : { text }), groupIds, numbers: numbers.slice(0, 4000) }),
    [account, text, tooLong, usesTemplate, template, groupIds, numbers],
  );
  const accountPreview = useDebouncedCall<PreviewCall, ComposerPreview>(accountArgs, (a) => desk().composer.preview(a), ACCOUNT_PREVIEW_DEBOUNCE_MS);
  const preview: PreviewState =
    account === null
      ? manualPreview
      : {
          plan: accountPreview.value?.plan ?? null,
          error: accountPreview.error ?? accountPreview.value?.error ?? null,
          pending: accountPreview.pending,
        };

  // ---- batch plan -----------------------------------------------------------------------------
  const hasRecipients = groupIds.length > 0 || numbers.trim() !== '';
  const planArgs = useMemo(
    () => (account === null || text.trim() === '' || tooLong || !hasRecipients ? null : { accountId: account.id, ...(usesTemplate ? { templateId: template!.id } : { text }), groupIds, numbers }),
    [account, text, tooLong, hasRecipients, usesTemplate, template, groupIds, numbers],
  );
  const plan = useDebouncedCall<NonNullable<typeof planArgs>, BatchPlan>(planArgs, (a) => desk().composer.plan(a), PLAN_DEBOUNCE_MS);

  // ---- what send would send -------------------------------------------------------------------
  const problems = account && fee ? feeProblems(fee, account) : {};
  const blockedReason =
    account === null
      ? t('composer.blockedNoAccount')
      : text.trim() === ''
        ? t('composer.blockedNoText')
        : !hasRecipients
          ? t('composer.blockedNoRecipients')
          : Object.keys(problems).length > 0
            ? t('composer.blockedFee')
            : preview.plan !== null && !preview.plan.sendable && (accountPreview.value?.mergeFields.length ?? 0) === 0
              ? t('preview.notSendable')
              : plan.value?.refusal
                ? refusalText(plan.value.refusal, t)
                : plan.value !== null && plan.value.toSend === 0
                  ? t('composer.blockedNothingToSend')
                  : null;
  const sendArgs: Omit<ComposerSendArgs, 'jobId' | 'start'> | null =
    blockedReason === null && account && fee
      ? {
          accountId: account.id,
          ...(name.trim() !== '' ? { name: name.trim() } : {}),
          ...(usesTemplate ? { templateId: template!.id } : { text }),
          groupIds,
          numbers,
          serviceId: fee.serviceId,
          feeType: fee.feeType,
          feeCode: fee.feeCode,
          feeUserType: fee.feeUserType,
          feeTerminalId: fee.feeTerminalId,
          srcIdExt: fee.srcIdExt,
          registeredDelivery: fee.registeredDelivery,
          validityHours: fee.validityHours,
          ...(fee.scheduleAt !== null ? { scheduleAt: fee.scheduleAt } : {}),
        }
      : null;

  const limitHelp = (value: string, max: number) =>
    overLimit(value, max) ? { validateStatus: 'error' as const, help: t('composer.tooLong', { max, count: value.length }) } : {};
  const fields = template?.fields ?? [];

  return (
    <section data-screen="composer">
      <Typography.Title level={3}>{t('screen.composer.title')}</Typography.Title>
      <Row gutter={24}>
        <Col xs={24} xl={10}>
          <Form layout="vertical" component={false}>
            {ctx && ctx.accounts.length > 0 && (
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item label={t('composer.account')}>
                    <Select<number>
                      data-testid="composer-account"
                      value={accountId ?? undefined}
                      onChange={(id) => {
                        setAccountId(id);
                        const a = ctx.accounts.find((x) => x.id === id);
                        if (a) setFee(feeDefaults(a));
                      }}
                      options={ctx.accounts.map((a) => ({ value: a.id, label: `${a.name} · CMPP ${a.version}` }))}
                    />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label={t('composer.template')}>
                    <Select<number>
                      allowClear
                      data-testid="composer-template"
                      value={templateId ?? undefined}
                      placeholder={t('composer.templatePlaceholder')}
                      onChange={(id) => {
                        setTemplateId(id ?? null);
                        const tpl = ctx.templates.find((x) => x.id === id);
                        if (tpl) setText(tpl.text);
                      }}
                      options={ctx.templates.map((x) => ({ value: x.id, label: x.name }))}
                    />
                  </Form.Item>
                  <TemplateActions
                    selected={template}
                    text={text}
                    onSaved={(tpl) => {
                      setCtx({ ...ctx, templates: [...ctx.templates.filter((x) => x.id !== tpl.id), tpl].sort((a, b) => a.name.localeCompare(b.name)) });
                    }}
                    onDeleted={() => {
                      setCtx({ ...ctx, templates: ctx.templates.filter((x) => x.id !== templateId) });
                      setTemplateId(null);
                    }}
                  />
                </Col>
              </Row>
            )}
            <Form.Item label={t('composer.text')} {...limitHelp(text, PREVIEW_TEXT_MAX)} extra={<CharacterCount text={text} plan={preview.plan} />}>
              <Input.TextArea
                data-testid="composer-text"
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder={t('composer.textPlaceholder')}
                autoSize={{ minRows: 6, maxRows: 16 }}
              />
            </Form.Item>
            {account && (
              <Flex gap={6} wrap align="center" style={{ marginTop: -12, marginBottom: 16 }}>
                <Typography.Text type="secondary">{t('composer.mergeFields')}</Typography.Text>
                {[...new Set([...fields, 'name'])].map((f) => (
                  <Button key={f} size="small" onClick={() => setText((s) => `${s}{${f}}`)}>
                    {`{${f}}`}
                  </Button>
                ))}
                {usesTemplate && <Tag color="blue">{t('composer.fromTemplate', { name: template!.name })}</Tag>}
              </Flex>
            )}
            {account ? (
              <Flex vertical gap={4} style={{ marginBottom: 16 }} data-testid="account-options">
                <Typography.Text type="secondary">
                  {t('composer.accountSignature')}: {account.signature || t('composer.none')} ({t(account.signaturePosition === 'prefix' ? 'composer.prefix' : 'composer.suffix')}) · {t('composer.accountFooter')}:{' '}
                  {account.gatewayAppends || t('composer.none')} · {t('composer.encoding')}: {account.useGbk ? 'GBK' : t('composer.encoding.auto')} · {t('composer.maxSegments')}: {account.maxSegments}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('composer.fromAccount', { name: account.name })}
                </Typography.Text>
              </Flex>
            ) : (
              <>
                <Row gutter={12}>
                  <Col span={14}>
                    <Form.Item label={t('composer.signature')} {...limitHelp(signature, SIGNATURE_MAX)}>
                      <Input data-testid="composer-signature" value={signature} onChange={(e) => setSignature(e.target.value)} placeholder={t('composer.signaturePlaceholder')} />
                    </Form.Item>
                  </Col>
                  <Col span={10}>
                    <Form.Item label={t('composer.signaturePosition')}>
                      <Segmented<'prefix' | 'suffix'>
                        value={signaturePosition}
                        onChange={setSignaturePosition}
                        options={[
                          { label: t('composer.prefix'), value: 'prefix' },
                          { label: t('composer.suffix'), value: 'suffix' },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item label={t('composer.gatewayFooter')} {...limitHelp(gatewayFooter, FOOTER_MAX)} extra={t('composer.gatewayFooterHelp')}>
                  <Input data-testid="composer-footer" value={gatewayFooter} onChange={(e) => setGatewayFooter(e.target.value)} placeholder={t('composer.gatewayFooterPlaceholder')} />
                </Form.Item>
                <Row gutter={12}>
                  <Col span={8}>
                    <Form.Item label={t('composer.encoding')}>
                      <Select<EncodingChoice>
                        value={encoding}
                        onChange={setEncoding}
                        options={(['auto', 'ascii', 'ucs2', 'gbk'] as const).map((value) => ({ value, label: t(`composer.encoding.${value}`) }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={10}>
                    <Form.Item label={t('composer.udhRefBits')}>
                      <Radio.Group
                        value={udhRefBits}
                        onChange={(e) => setUdhRefBits(e.target.value as 8 | 16)}
                        options={[
                          { value: 8, label: t('composer.udhRef8') },
                          { value: 16, label: t('composer.udhRef16') },
                        ]}
                        optionType="button"
                      />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item label={t('composer.maxSegments')}>
                      <InputNumber<number> min={1} max={255} precision={0} value={maxSegments} onChange={(v) => setMaxSegments(v ?? null)} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
                {ctx && ctx.accounts.length === 0 && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('composer.noAccounts')} />}
              </>
            )}
            {account && ctx && fee && (
              <>
                <Typography.Title level={5}>{t('composer.recipients')}</Typography.Title>
                <RecipientsPicker groups={ctx.groups} groupIds={groupIds} numbers={numbers} onGroups={setGroupIds} onNumbers={setNumbers} />
                <Typography.Title level={5}>{t('composer.fee')}</Typography.Title>
                <FeeSettings account={account} fee={fee} onChange={setFee} />
              </>
            )}
          </Form>
        </Col>
        <Col xs={24} xl={14}>
          <Flex vertical gap={16} style={{ width: '100%' }}>
            {account && accountPreview.value?.sample && (
              <Alert
                type={accountPreview.value.missingField ? 'warning' : 'info'}
                showIcon
                data-testid="preview-sample"
                title={
                  accountPreview.value.missingField
                    ? t('composer.missingField', { field: accountPreview.value.missingField, number: accountPreview.value.sample.number })
                    : t('composer.sample', { number: accountPreview.value.sample.number, name: accountPreview.value.sample.name })
                }
              />
            )}
            <PlanPreview state={preview} />
            {account && (
              <>
                <BatchPlanCard state={plan} />
                <SendPanel
                  args={sendArgs}
                  blockedReason={blockedReason}
                  accountId={account.id}
                  testText={accountPreview.value?.missingField ? null : (accountPreview.value?.text ?? (text || null))}
                  summary={plan.value ? { recipients: plan.value.toSend, segments: plan.value.segments } : null}
                  name={name}
                  onName={setName}
                  onSent={() => setCtxSerial((n) => n + 1)}
                />
              </>
            )}
          </Flex>
        </Col>
      </Row>
    </section>
  );
}

/**
 * The counter under the text: what was typed, and, when the preview's plan counts more (signature,
 * gateway footer, merge-field values), that total too, so the counter and the preview agree.
 */
function CharacterCount({ text, plan }: { text: string; plan: MessagePlan | null }) {
  const t = useT();
  const typed = [...text].length;
  return (
    <span data-testid="composer-characters">
      {plan === null || plan.characters === typed ? t('composer.characters', { count: typed }) : t('composer.charactersWithPlan', { count: typed, total: plan.characters })}
    </span>
  );
}
