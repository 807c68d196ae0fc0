// The CMPP fee and addressing fields of a campaign (docs/protocol.md "Message bodies" SUBMIT), each validated as the operator
// types and each value explained: Service_Id, FeeType, FeeCode, Fee_UserType, Fee_terminal_Id, the
// Src_Id extension, Registered_Delivery (reports ON by default), validity, schedule.
import { Col, DatePicker, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ComposerAccount, FeeArgs } from '../../../shared/ipc/contract/composer.js';
import { VALIDITY_HOURS_MAX } from '../../../shared/ipc/contract/composer.js';
import { feeTypeValues, registeredDeliveryValues } from '../../../shared/account-defaults.js';
import type { MessageKey } from '../i18n/index.js';
import { useT } from '../i18n/react.js';

export interface FeeState {
  serviceId: string;
  feeType: NonNullable<FeeArgs['feeType']>;
  feeCode: string;
  feeUserType: NonNullable<FeeArgs['feeUserType']>;
  feeTerminalId: string;
  srcIdExt: string;
  registeredDelivery: NonNullable<FeeArgs['registeredDelivery']>;
  validityHours: number;
  /** Epoch ms, or null for "at once". */
  scheduleAt: number | null;
}

export function feeDefaults(a: ComposerAccount): FeeState {
  const feeTypes: readonly string[] = feeTypeValues(a.version);
  return {
    serviceId: a.serviceId,
    feeType: (feeTypes.includes(a.feeType) ? a.feeType : '01') as FeeState['feeType'],
    feeCode: a.feeCode,
    feeUserType: ([0, 1, 2, 3].includes(a.feeUserType) ? a.feeUserType : 2) as FeeState['feeUserType'],
    feeTerminalId: a.feeTerminalId,
    srcIdExt: '',
    // Reports on unless the account says otherwise: operators want reports.
    registeredDelivery: ((registeredDeliveryValues(a.version) as readonly number[]).includes(a.registeredDelivery) ? a.registeredDelivery : 1) as FeeState['registeredDelivery'],
    validityHours: 0,
    scheduleAt: null,
  };
}

type Problems = Partial<Record<keyof FeeState, { key: MessageKey; params?: Record<string, string | number> }>>;

/** Every field's problem (none = ok): the same rules main applies, in the operator's words. */
export function feeProblems(f: FeeState, a: ComposerAccount, now = Date.now()): Problems {
  const p: Problems = {};
  if (!/^[\x20-\x7e]{0,10}$/.test(f.serviceId)) p.serviceId = { key: 'composer.fieldAscii', params: { max: 10 } };
  if (!/^\d{1,6}$/.test(f.feeCode)) p.feeCode = { key: 'composer.fieldDigits', params: { min: 1, max: 6 } };
  const termMax = a.version === '2.0' ? 21 : 32;
  if (f.feeUserType === 3 && f.feeTerminalId === '') p.feeTerminalId = { key: 'composer.feeTerminalRequired' };
  else if (!new RegExp(`^\\d{0,${termMax}}$`).test(f.feeTerminalId)) p.feeTerminalId = { key: 'composer.fieldDigits', params: { min: 0, max: termMax } };
  const extMax = Math.min(20, 21 - a.srcId.length);
  if (!new RegExp(`^\\d{0,${Math.max(0, extMax)}}$`).test(f.srcIdExt)) p.srcIdExt = { key: 'composer.fieldDigits', params: { min: 0, max: Math.max(0, extMax) } };
  if (a.version === '3.0' && f.registeredDelivery === 2) p.registeredDelivery = { key: 'composer.rd2Only20' };
  if (!(Number.isInteger(f.validityHours) && f.validityHours >= 0 && f.validityHours <= VALIDITY_HOURS_MAX)) p.validityHours = { key: 'composer.validityRange', params: { max: VALIDITY_HOURS_MAX } };
  if (f.scheduleAt !== null && f.scheduleAt <= now) p.scheduleAt = { key: 'composer.scheduleFuture' };
  return p;
}

export function FeeSettings({ account, fee, onChange }: { account: ComposerAccount; fee: FeeState; onChange: (f: FeeState) => void }) {
  const t = useT();
  const problems = feeProblems(fee, account);
  const set = <K extends keyof FeeState>(k: K, v: FeeState[K]) => onChange({ ...fee, [k]: v });
  const status = (k: keyof FeeState) => {
    const pr = problems[k];
    return pr ? { validateStatus: 'error' as const, help: t(pr.key, pr.params) } : {};
  };
  const feeTypes = feeTypeValues(account.version);
  const yuan = /^\d{1,6}$/.test(fee.feeCode) ? (Number(fee.feeCode) / 100).toFixed(2) : '—';
  const freeButPriced = fee.feeType === '01' && /[1-9]/.test(fee.feeCode);
  return (
    <Row gutter={12} data-testid="fee-settings">
      <Col xs={24} md={8}>
        <Form.Item label="Service_Id" {...status('serviceId')} extra={t('composer.serviceIdHelp', { value: account.serviceId || '—' })}>
          <Input data-testid="fee-serviceId" value={fee.serviceId} onChange={(e) => set('serviceId', e.target.value)} maxLength={10} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label="FeeType" extra={t(`composer.feeType.${fee.feeType}`)}>
          <Select<FeeState['feeType']>
            data-testid="fee-feeType"
            value={fee.feeType}
            onChange={(v) => set('feeType', v)}
            options={feeTypes.map((v) => ({ value: v, label: `${v} · ${t(`composer.feeType.${v}`)}` }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item
          label="FeeCode"
          {...status('feeCode')}
          {...(!problems.feeCode && freeButPriced ? { validateStatus: 'warning' as const, help: t('composer.freeButPriced') } : {})}
          extra={t('composer.feeCodeHelp', { yuan })}
        >
          <Input data-testid="fee-feeCode" value={fee.feeCode} onChange={(e) => set('feeCode', e.target.value.trim())} maxLength={6} addonAfter={t('composer.fen')} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label="Fee_UserType" extra={t(`composer.feeUserType.${fee.feeUserType}`)}>
          <Select<FeeState['feeUserType']>
            data-testid="fee-feeUserType"
            value={fee.feeUserType}
            onChange={(v) => set('feeUserType', v)}
            options={([0, 1, 2, 3] as const).map((v) => ({ value: v, label: `${v} · ${t(`composer.feeUserType.${v}`)}` }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label="Fee_terminal_Id" {...status('feeTerminalId')} extra={t('composer.feeTerminalHelp')}>
          <Input data-testid="fee-feeTerminalId" value={fee.feeTerminalId} onChange={(e) => set('feeTerminalId', e.target.value.trim())} disabled={fee.feeUserType !== 3 && fee.feeTerminalId === ''} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label={t('composer.srcIdExt')} {...status('srcIdExt')} extra={t('composer.srcIdExtHelp', { srcId: account.srcId + fee.srcIdExt })}>
          <Input data-testid="fee-srcIdExt" value={fee.srcIdExt} onChange={(e) => set('srcIdExt', e.target.value.trim())} addonBefore={account.srcId} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label="Registered_Delivery" {...status('registeredDelivery')} extra={t(`composer.rd.${fee.registeredDelivery}`)}>
          <Select<FeeState['registeredDelivery']>
            data-testid="fee-registeredDelivery"
            value={fee.registeredDelivery}
            onChange={(v) => set('registeredDelivery', v)}
            options={(account.version === '2.0' ? ([1, 0, 2] as const) : ([1, 0] as const)).map((v) => ({ value: v, label: `${v} · ${t(`composer.rd.${v}`)}` }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label={t('composer.validity')} {...status('validityHours')} extra={t('composer.validityHelp')}>
          <InputNumber<number>
            data-testid="fee-validity"
            min={0}
            max={VALIDITY_HOURS_MAX}
            precision={0}
            value={fee.validityHours}
            onChange={(v) => set('validityHours', v ?? 0)}
            style={{ width: '100%' }}
            addonAfter={t('composer.hours')}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label={t('composer.schedule')} {...status('scheduleAt')} extra={t('composer.scheduleHelp')}>
          <DatePicker
            showTime
            style={{ width: '100%' }}
            value={fee.scheduleAt === null ? null : dayjs(fee.scheduleAt)}
            onChange={(d: Dayjs | null) => set('scheduleAt', d ? d.valueOf() : null)}
            disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
            placeholder={t('composer.scheduleNow')}
          />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('composer.feeNote')}
        </Typography.Text>
      </Col>
    </Row>
  );
}
