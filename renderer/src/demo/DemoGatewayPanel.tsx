// Settings -> demo gateway: which gateway the desk works on, the built-in simulator's state, and
// its behaviour (report delay, failure mix, MO traffic), changeable while it runs. Engineer D's
// Settings screen embeds it (no props).
import { App as AntApp, Alert, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Row, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DemoStatusView } from '../../../shared/ipc/contract/demo.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { errorText } from '../call.js';
import { useLiveValue } from '../monitor/live-store.js';
import { ModeSwitch, useMode } from './ModeSwitch.js';

interface BehaviourForm {
  min: number;
  max: number;
  undelivered: number;
  expired: number;
  moEvery: number;
}

function toForm(s: DemoStatusView): BehaviourForm {
  const b = s.behaviour;
  return {
    min: b.reportDelayMs.min,
    max: b.reportDelayMs.max,
    undelivered: Math.round(b.undeliveredShare * 100),
    expired: Math.round(b.expiredShare * 100),
    moEvery: b.moEverySeconds,
  };
}

export function DemoGatewayPanel() {
  const t = useT();
  const { message } = AntApp.useApp();
  const [mode] = useMode();
  const modeSerial = useLiveValue((s) => s.modeSerial);
  const [status, setStatus] = useState<DemoStatusView | null>(null);
  const [form] = Form.useForm<BehaviourForm>();
  const [mo, setMo] = useState({ from: '13900001001', text: '退订' });

  // The form shows main's behaviour when the panel opens and after a mode switch; the periodic
  // refresh of the traffic figures must not overwrite what the operator is typing.
  const filledFor = useRef<string | null>(null);
  const load = useCallback(async () => {
    const r = await desk().demo.status();
    if (r.ok) {
      setStatus(r.value);
      const key = r.value ? `${r.value.dbPath}:${r.value.port}` : null;
      if (r.value && filledFor.current !== key) {
        form.setFieldsValue(toForm(r.value));
        filledFor.current = key;
      }
    }
  }, [form]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [load, mode?.mode, modeSerial]);

  const apply = async (v: BehaviourForm) => {
    const r = await desk().demo.setBehaviour({
      reportDelayMinMs: v.min,
      reportDelayMaxMs: v.max,
      undeliveredPercent: v.undelivered,
      expiredPercent: v.expired,
      moEverySeconds: v.moEvery,
    });
    if (r.ok) {
      setStatus(r.value);
      message.success(t('demo.applied'));
    } else message.error(errorText(t, r));
  };

  const sendMo = async () => {
    const r = await desk().demo.sendMo({ from: mo.from.trim(), text: mo.text });
    if (r.ok) message.success(t('demo.moSent'));
    else message.error(errorText(t, r));
  };

  return (
    <Card title={t('demo.title')} data-testid="demo-gateway-panel">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('demo.description')}
        </Typography.Paragraph>
        <ModeSwitch />
        {mode && (
          <Typography.Text type="secondary">
            {t('demo.dbPath', { path: mode.dbPath })} · {t(`demo.secrets.${mode.secrets}`)}
          </Typography.Text>
        )}
        {!status ? (
          <Alert type="info" showIcon title={t('demo.stopped')} />
        ) : (
          <>
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'addr', label: t('demo.address'), children: `${status.host}:${status.port}` },
                { key: 'account', label: t('demo.account'), children: `SP_Id ${status.spId} · Src_Id ${status.srcId} · CMPP ${status.version}` },
                { key: 'conn', label: t('demo.connections'), children: status.connections },
                { key: 'traffic', label: t('demo.traffic'), children: t('demo.stats', { submits: status.submits, reports: status.reportsSent, mos: status.mosSent }) },
              ]}
            />
            <Form<BehaviourForm> form={form} layout="vertical" onFinish={(v) => void apply(v)} initialValues={toForm(status)}>
              <Typography.Text strong>{t('demo.behaviour')}</Typography.Text>
              <Row gutter={12} style={{ marginTop: 8 }}>
                <Col xs={12} md={5}>
                  <Form.Item name="min" label={t('demo.delayMin')} rules={[{ required: true, message: t('live.required') }]}>
                    <InputNumber<number> min={0} max={600000} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item
                    name="max"
                    label={t('demo.delayMax')}
                    dependencies={['min']}
                    rules={[
                      { required: true, message: t('live.required') },
                      ({ getFieldValue }) => ({
                        validator: (_r, v: number) => (v >= (getFieldValue('min') as number) ? Promise.resolve() : Promise.reject(new Error(t('demo.maxBelowMin')))),
                      }),
                    ]}
                  >
                    <InputNumber<number> min={0} max={600000} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item name="undelivered" label={t('demo.undelivered')} rules={[{ required: true, message: t('live.required') }]}>
                    <InputNumber<number> min={0} max={100} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item
                    name="expired"
                    label={t('demo.expired')}
                    dependencies={['undelivered']}
                    rules={[
                      { required: true, message: t('live.required') },
                      ({ getFieldValue }) => ({
                        validator: (_r, v: number) => (v + (getFieldValue('undelivered') as number) <= 100 ? Promise.resolve() : Promise.reject(new Error(t('demo.sharesOver')))),
                      }),
                    ]}
                  >
                    <InputNumber<number> min={0} max={100} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item name="moEvery" label={t('demo.moEvery')} rules={[{ required: true, message: t('live.required') }]} extra={t('demo.moEveryHelp')}>
                    <InputNumber<number> min={0} max={86400} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
              <Button type="primary" htmlType="submit" data-testid="demo-apply">
                {t('demo.apply')}
              </Button>
            </Form>
            <Typography.Text strong>{t('demo.sendMo')}</Typography.Text>
            <Flex gap={8} wrap>
              <Input style={{ width: 230 }} value={mo.from} onChange={(e) => setMo({ ...mo, from: e.target.value })} addonBefore={t('demo.moFrom')} />
              <Input style={{ width: 280 }} value={mo.text} onChange={(e) => setMo({ ...mo, text: e.target.value })} addonBefore={t('demo.moText')} />
              <Button onClick={() => void sendMo()} disabled={!/^\d{1,21}$/.test(mo.from.trim()) || mo.text.trim() === ''}>
                {t('demo.send')}
              </Button>
            </Flex>
          </>
        )}
      </Flex>
    </Card>
  );
}
