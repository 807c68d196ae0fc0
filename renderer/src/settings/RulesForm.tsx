// Sending rules (docs/glossary.md "Sending rules"): opt-out and opt-in keywords, quiet hours (China
// Standard Time), a frequency cap per number, sensitive words and the signature requirement.
// Read and written through the workspace settings; main validates the whole result again.
import { App as AntApp, Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { CONFIRMATION_MAX, WORD_MAX, type SendingRules } from '../../../shared/ipc/contract/settings.js';
import { call, errorMessage } from '../call.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';

/** The rules as the form edits them: the two windows as switches and pickers, the rest as they are. */
interface RulesForm extends Omit<SendingRules, 'quietHours' | 'frequencyCap'> {
  quietOn: boolean;
  quiet: [Dayjs, Dayjs] | null;
  capOn: boolean;
  capMax: number;
  capHours: number;
}

function toForm(r: SendingRules): RulesForm {
  const { quietHours, frequencyCap, ...rest } = r;
  return {
    ...rest,
    quietOn: quietHours !== null,
    quiet: quietHours ? [dayjs(quietHours.start, 'HH:mm'), dayjs(quietHours.end, 'HH:mm')] : [dayjs('21:00', 'HH:mm'), dayjs('08:00', 'HH:mm')],
    capOn: frequencyCap !== null,
    capMax: frequencyCap?.max ?? 3,
    capHours: frequencyCap ? frequencyCap.windowMs / 3_600_000 : 24,
  };
}

const words = (list: string[]) => [...new Set(list.map((w) => w.trim()).filter((w) => w !== ''))];

export function RulesFormCard() {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RulesForm>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const quietOn = Form.useWatch('quietOn', form);
  const capOn = Form.useWatch('capOn', form);

  const load = async () => {
    try {
      form.setFieldsValue(toForm(await call(t, desk().rules.get())));
      setLoaded(true);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  useEffect(() => void load(), []);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      const next = await call(
        t,
        desk().rules.update({
          quietHours: v.quietOn && v.quiet ? { start: v.quiet[0].format('HH:mm'), end: v.quiet[1].format('HH:mm') } : null,
          frequencyCap: v.capOn ? { max: v.capMax, windowMs: Math.round(v.capHours * 3_600_000) } : null,
          requireSignature: v.requireSignature,
          sensitiveWords: words(v.sensitiveWords),
          optOutKeywords: words(v.optOutKeywords),
          optInKeywords: words(v.optInKeywords),
          optOutConfirmation: v.optOutConfirmation,
          optInConfirmation: v.optInConfirmation,
        }),
      );
      form.setFieldsValue(toForm(next));
      message.success(t('settings.rules.saved'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const wordRule = { validator: async (_: unknown, list: string[] | undefined) => { if ((list ?? []).some((w) => w.trim().length > WORD_MAX)) throw new Error(t('settings.rules.wordTooLong')); } };

  return (
    <Card
      title={t('settings.rules.title')}
      extra={
        <Button type="primary" onClick={() => void save()} loading={saving} disabled={!loaded} data-testid="rules-save">
          {t('settings.rules.save')}
        </Button>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<RulesForm> form={form} name="rules" layout="vertical">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="optOutKeywords" label={t('settings.rules.optOut')} extra={t('settings.rules.optOutHelp')} rules={[{ type: 'array', min: 1, message: t('settings.rules.optOutRequired') }, wordRule]}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="optInKeywords" label={t('settings.rules.optIn')} extra={t('settings.rules.optInHelp')} rules={[wordRule]}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="optOutConfirmation" label={t('settings.rules.optOutConfirmation')} rules={[{ max: CONFIRMATION_MAX }]}>
              <Input placeholder={t('settings.rules.optOutConfirmationPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="optInConfirmation" label={t('settings.rules.optInConfirmation')} rules={[{ max: CONFIRMATION_MAX }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('settings.rules.quietHours')} extra={t('settings.rules.quietHoursHelp')}>
              <Space>
                <Form.Item name="quietOn" valuePropName="checked" noStyle>
                  <Switch />
                </Form.Item>
                <Form.Item name="quiet" noStyle rules={[{ validator: async (_, v: [Dayjs, Dayjs] | null) => { if (quietOn && v && v[0].format('HH:mm') === v[1].format('HH:mm')) throw new Error(t('settings.rules.quietSame')); } }]}>
                  <TimePicker.RangePicker format="HH:mm" order={false} disabled={!quietOn} allowClear={false} />
                </Form.Item>
              </Space>
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('settings.rules.frequencyCap')} extra={t('settings.rules.frequencyCapHelp')}>
              <Space wrap>
                <Form.Item name="capOn" valuePropName="checked" noStyle>
                  <Switch />
                </Form.Item>
                <Typography.Text>{t('settings.rules.capAtMost')}</Typography.Text>
                <Form.Item name="capMax" noStyle>
                  <InputNumber<number> min={1} max={1_000_000} precision={0} disabled={!capOn} style={{ width: 90 }} />
                </Form.Item>
                <Typography.Text>{t('settings.rules.capPer')}</Typography.Text>
                <Form.Item name="capHours" noStyle>
                  <InputNumber<number> min={1} max={8760} precision={0} disabled={!capOn} style={{ width: 90 }} suffix={t('settings.unit.h')} />
                </Form.Item>
              </Space>
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="sensitiveWords" label={t('settings.rules.sensitiveWords')} extra={t('settings.rules.sensitiveWordsHelp')} rules={[wordRule]}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="requireSignature" label={t('settings.rules.requireSignature')} valuePropName="checked" extra={t('settings.rules.requireSignatureHelp')}>
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
