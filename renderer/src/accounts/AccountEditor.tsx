// A gateway account with every setting (docs/protocol.md "Message bodies", "Timers and flow control", "Group sends"), validated
// here in the operator's language and again in main. The secret is write-only: the window never
// receives it, an edit shows that one is stored and leaves it unchanged unless a new one is typed.
import { ACCOUNT_DEFAULTS, ACCOUNT_LIMITS as L, feeTypeValues, registeredDeliveryValues } from '../../../shared/account-defaults.js';
import { Alert, Button, Col, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { AccountSettingsArgs, AccountView, ConnectionTestResult } from '../../../shared/ipc/contract/accounts.js';
import { call, errorMessage } from '../call.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { ConnectionTestAlert } from './ConnectionTestAlert.js';

/** The form's shape: timers in seconds and the report wait in hours, as operators think of them. */
interface AccountForm extends Omit<AccountSettingsArgs, 'activeTestIntervalMs' | 'responseTimeoutMs' | 'reportWaitMs'> {
  activeTestIntervalS: number;
  responseTimeoutS: number;
  reportWaitH: number;
  secret?: string;
}

/** New accounts start from the store's own defaults (shared/account-defaults.ts), in the form's units. */
const { activeTestIntervalMs, responseTimeoutMs, reportWaitMs, ...sameUnits } = ACCOUNT_DEFAULTS;
/** The report wait is edited in whole hours. */
const REPORT_WAIT_H = { min: Math.max(1, Math.ceil(L.reportWaitMs.min / 3_600_000)), max: Math.floor(L.reportWaitMs.max / 3_600_000) };
const defaults: AccountForm = {
  ...sameUnits,
  name: '',
  host: '',
  version: '3.0',
  spId: '',
  serviceId: '',
  srcId: '',
  activeTestIntervalS: activeTestIntervalMs / 1000,
  responseTimeoutS: responseTimeoutMs / 1000,
  reportWaitH: reportWaitMs / 3_600_000,
};

function toForm(a: AccountView): AccountForm {
  const { id: _id, secretSet: _s, createdAt: _c, updatedAt: _u, activeTestIntervalMs, responseTimeoutMs, reportWaitMs, ...rest } = a;
  return { ...rest, activeTestIntervalS: activeTestIntervalMs / 1000, responseTimeoutS: responseTimeoutMs / 1000, reportWaitH: reportWaitMs / 3_600_000 };
}

function toSettings(f: AccountForm): AccountSettingsArgs {
  const { activeTestIntervalS, responseTimeoutS, reportWaitH, secret: _secret, ...rest } = f;
  return {
    ...rest,
    name: rest.name.trim(),
    host: rest.host.trim(),
    activeTestIntervalMs: Math.round(activeTestIntervalS * 1000),
    responseTimeoutMs: Math.round(responseTimeoutS * 1000),
    reportWaitMs: Math.round(reportWaitH * 3_600_000),
  };
}

const ASCII = /^[\x20-\x7e]*$/;

interface Props {
  /** null = closed; 'new' = create; else the account to edit. */
  account: AccountView | 'new' | null;
  onClose(saved: AccountView | null): void;
}

export function AccountEditor({ account, onClose }: Props) {
  const t = useT();
  const [form] = Form.useForm<AccountForm>();
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<{ result: ConnectionTestResult; host: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editing = account !== null && account !== 'new' ? account : null;
  const version = Form.useWatch('version', form) ?? '3.0';
  const feeUserType = Form.useWatch('feeUserType', form);

  useEffect(() => {
    if (account === null) return;
    setTest(null);
    setError(null);
    form.resetFields();
    form.setFieldsValue(account === 'new' ? defaults : { ...toForm(account), secret: '' });
  }, [account]);

  const asciiRule = (max: number, required: boolean) => ({
    validator: async (_: unknown, v: string | undefined) => {
      const s = v ?? '';
      if (required && s.trim() === '') throw new Error(t('settings.account.required'));
      if (s.length > max) throw new Error(t('settings.account.tooLong', { max }));
      if (!ASCII.test(s)) throw new Error(t('settings.account.asciiOnly'));
    },
  });

  const save = async () => {
    setError(null);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSaving(true);
    try {
      const settings = toSettings(values);
      const secret = values.secret?.trim() ? values.secret : undefined;
      const saved = editing
        ? await call(t, desk().accounts.update({ id: editing.id, settings, ...(secret ? { secret } : {}) }))
        : await call(t, desk().accounts.create({ settings, secret: secret ?? '' }));
      onClose(saved);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const runTest = async () => {
    setError(null);
    setTest(null);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const secret = values.secret?.trim() ? values.secret : undefined;
    if (!secret && !editing) {
      form.setFields([{ name: 'secret', errors: [t('settings.account.secretForTest')] }]);
      return;
    }
    setTesting(true);
    try {
      const settings = toSettings(values);
      const result = await call(t, desk().accounts.test({ settings, ...(editing ? { id: editing.id } : {}), ...(secret ? { secret } : {}) }));
      setTest({ result, host: `${settings.host}:${settings.port}` });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setTesting(false);
    }
  };

  const feeTypes = feeTypeValues(version);
  const int = (min: number, max: number) => ({ type: 'number' as const, min, max, message: t('settings.account.range', { min, max }) });

  return (
    <Drawer
      open={account !== null}
      size={760}
      title={editing ? t('settings.account.editTitle', { name: editing.name }) : t('settings.account.newTitle')}
      onClose={() => onClose(null)}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={() => void runTest()} loading={testing} data-testid="account-test">
            {t('settings.account.test')}
          </Button>
          <Button type="primary" onClick={() => void save()} loading={saving} data-testid="account-save">
            {t('settings.account.save')}
          </Button>
        </Space>
      }
    >
      <div data-testid="account-editor">
        {error && (
          <div data-testid="account-error" style={{ marginBottom: 12 }}>
            <Alert type="error" showIcon title={error} />
          </div>
        )}
        {test && (
          <div style={{ marginBottom: 12 }}>
            <ConnectionTestAlert result={test.result} host={test.host} />
          </div>
        )}
        <Form<AccountForm> form={form} name="account" layout="vertical" initialValues={defaults} requiredMark>
          <Divider titlePlacement="start">{t('settings.account.sectionConnection')}</Divider>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="name" label={t('settings.account.name')} rules={[{ required: true, whitespace: true, message: t('settings.account.required') }, { max: 64 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="version" label={t('settings.account.version')} extra={t('settings.account.versionHelp')}>
                <Radio.Group optionType="button" options={[{ value: '2.0', label: 'CMPP 2.0' }, { value: '3.0', label: 'CMPP 3.0' }]} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="host" label={t('settings.account.host')} rules={[{ required: true, whitespace: true, message: t('settings.account.required') }, { max: 253 }]}>
                <Input placeholder={t('settings.account.hostPlaceholder')} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="port" label={t('settings.account.port')} rules={[{ required: true, message: t('settings.account.required') }, int(L.port.min, L.port.max)]}>
                <InputNumber<number> min={L.port.min} max={L.port.max} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="tls" label="TLS" valuePropName="checked" extra={t('settings.account.tlsHelp')}>
                <Switch />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="spId" label={t('settings.account.spId')} extra={t('settings.account.spIdHelp')} rules={[asciiRule(6, true)]}>
                <Input maxLength={6} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="secret"
                label={t('settings.account.secret')}
                extra={editing ? t('settings.account.secretSet') : undefined}
                rules={editing ? [{ max: 64 }] : [{ required: true, message: t('settings.account.required') }, { max: 64 }]}
              >
                <Input.Password autoComplete="new-password" placeholder={editing ? t('settings.account.secretKeep') : undefined} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="strictAuthenticator" label={t('settings.account.strictAuthenticator')} valuePropName="checked" extra={t('settings.account.strictAuthenticatorHelp')}>
                <Switch />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('settings.account.sectionNumbers')}</Divider>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="srcId" label={t('settings.account.srcId')} extra={t('settings.account.srcIdHelp')} rules={[asciiRule(21, true)]}>
                <Input maxLength={21} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="serviceId" label={t('settings.account.serviceId')} extra={t('settings.account.serviceIdHelp')} rules={[asciiRule(10, false)]}>
                <Input maxLength={10} />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('settings.account.sectionTraffic')}</Divider>
          <Row gutter={12}>
            <Col span={6}>
              <Form.Item name="connections" label={t('settings.account.connections')} rules={[int(L.connections.min, L.connections.max)]}>
                <InputNumber<number> min={L.connections.min} max={L.connections.max} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="window" label={t('settings.account.window')} extra={t('settings.account.windowHelp')} rules={[int(L.window.min, L.window.max)]}>
                <InputNumber<number> min={L.window.min} max={L.window.max} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="rate" label={t('settings.account.rate')} extra={t('settings.account.rateHelp')} rules={[int(L.rate.min, L.rate.max)]}>
                <InputNumber<number> min={L.rate.min} max={L.rate.max} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="destsPerSubmit" label={t('settings.account.destsPerSubmit')} extra={t('settings.account.destsPerSubmitHelp')} rules={[int(L.destsPerSubmit.min, L.destsPerSubmit.max)]}>
                <InputNumber<number> min={L.destsPerSubmit.min} max={L.destsPerSubmit.max} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="activeTestIntervalS" label={t('settings.account.activeTest')} extra={t('settings.account.activeTestHelp')} rules={[int(L.activeTestIntervalMs.min / 1000, L.activeTestIntervalMs.max / 1000)]}>
                <InputNumber<number> min={L.activeTestIntervalMs.min / 1000} max={L.activeTestIntervalMs.max / 1000} precision={0} style={{ width: '100%' }} suffix={t('settings.unit.s')} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="responseTimeoutS" label={t('settings.account.responseTimeout')} extra={t('settings.account.responseTimeoutHelp')} rules={[int(L.responseTimeoutMs.min / 1000, L.responseTimeoutMs.max / 1000)]}>
                <InputNumber<number> min={L.responseTimeoutMs.min / 1000} max={L.responseTimeoutMs.max / 1000} precision={0} style={{ width: '100%' }} suffix={t('settings.unit.s')} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="maxSends" label={t('settings.account.maxSends')} extra={t('settings.account.maxSendsHelp')} rules={[int(L.maxSends.min, L.maxSends.max)]}>
                <InputNumber<number> min={L.maxSends.min} max={L.maxSends.max} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('settings.account.sectionContent')}</Divider>
          <Row gutter={12}>
            <Col span={10}>
              <Form.Item name="signature" label={t('settings.account.signature')} rules={[{ max: L.signature.max }]}>
                <Input placeholder="【某某公司】" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="signaturePosition" label={t('settings.account.signaturePosition')}>
                <Radio.Group optionType="button" options={[{ value: 'prefix', label: t('settings.account.prefix') }, { value: 'suffix', label: t('settings.account.suffix') }]} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="gatewayAppends" label={t('settings.account.gatewayAppends')} extra={t('settings.account.gatewayAppendsHelp')} rules={[{ max: L.gatewayAppends.max }]}>
                <Input placeholder="回T退订" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="maxSegments" label={t('settings.account.maxSegments')} rules={[int(L.maxSegments.min, L.maxSegments.max)]}>
                <InputNumber<number> min={L.maxSegments.min} max={L.maxSegments.max} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="useGbk" label={t('settings.account.useGbk')} valuePropName="checked" extra={t('settings.account.useGbkHelp')}>
                <Switch />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('settings.account.sectionFee')}</Divider>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="feeType" label="FeeType" rules={[{ validator: async (_, v) => { if (!(feeTypes as readonly string[]).includes(v)) throw new Error(t('settings.account.feeTypeVersion', { version })); } }]}>
                <Select options={feeTypes.map((v) => ({ value: v, label: `${v} · ${t(`settings.fee.type.${v}`)}` }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="feeCode" label={t('settings.account.feeCode')} rules={[{ pattern: /^[0-9]{1,6}$/, message: t('settings.account.feeCodeRule') }, { required: true, message: t('settings.account.required') }]}>
                <Input maxLength={6} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="feeUserType" label="Fee_UserType">
                <Select options={([0, 1, 2, 3] as const).map((v) => ({ value: v, label: `${v} · ${t(`settings.fee.user.${v}`)}` }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="feeTerminalId" label="Fee_terminal_Id" extra={t('settings.account.feeTerminalHelp')} rules={[asciiRule(version === '2.0' ? 21 : 32, feeUserType === 3)]} dependencies={['feeUserType', 'version']}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="registeredDelivery"
                label="Registered_Delivery"
                extra={t('settings.account.registeredDeliveryHelp')}
                rules={[{ validator: async (_, v) => { if (v === 2 && version !== '2.0') throw new Error(t('settings.account.rd2Only20')); } }]}
                dependencies={['version']}
              >
                <Select
                  options={registeredDeliveryValues(version).map((v) => ({ value: v, label: `${v} · ${t(`settings.fee.rd.${v}`)}` }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="reportWaitH" label={t('settings.account.reportWait')} extra={t('settings.account.reportWaitHelp')} rules={[int(REPORT_WAIT_H.min, REPORT_WAIT_H.max)]}>
                <InputNumber<number> min={REPORT_WAIT_H.min} max={REPORT_WAIT_H.max} precision={0} style={{ width: '100%' }} suffix={t('settings.unit.h')} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary">{t('settings.account.feeNote')}</Typography.Paragraph>
        </Form>
      </div>
    </Drawer>
  );
}
