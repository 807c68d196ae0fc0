// The composer: message text, signature and the gateway's footer, encoding options,
// and the live preview computed by main's planner (via `planner.preview`).
import { Col, Form, Input, InputNumber, Radio, Row, Segmented, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { FOOTER_MAX, PREVIEW_TEXT_MAX, SIGNATURE_MAX } from '../../../shared/ipc/contract.js';
import type { EncodingChoice } from '../../../shared/plan.js';
import { PlanPreview } from '../composer/PlanPreview.js';
import { usePlanPreview, type PreviewArgs } from '../composer/usePlanPreview.js';
import { useT } from '../i18n/react.js';

// Lengths are checked here (in the operator's language) before asking main, which
// checks them again; nothing is cut off silently.
function overLimit(value: string, max: number) {
  return value.length > max;
}

export function ComposerScreen() {
  const t = useT();
  const [text, setText] = useState('');
  const [signature, setSignature] = useState('');
  const [signaturePosition, setSignaturePosition] = useState<'prefix' | 'suffix'>('prefix');
  const [gatewayFooter, setGatewayFooter] = useState('');
  const [encoding, setEncoding] = useState<EncodingChoice>('auto');
  const [udhRefBits, setUdhRefBits] = useState<8 | 16>(8);
  const [maxSegments, setMaxSegments] = useState<number | null>(null);

  const tooLong = overLimit(text, PREVIEW_TEXT_MAX) || overLimit(signature, SIGNATURE_MAX) || overLimit(gatewayFooter, FOOTER_MAX);
  const args = useMemo<PreviewArgs | null>(
    () =>
      text === '' || tooLong
        ? null
        : {
            text,
            options: {
              encoding,
              udhRefBits,
              signature,
              signaturePosition,
              gatewayFooter,
              ...(maxSegments === null ? {} : { maxSegments }),
            },
          },
    [text, tooLong, encoding, udhRefBits, signature, signaturePosition, gatewayFooter, maxSegments],
  );
  const preview = usePlanPreview(args);

  const limitHelp = (value: string, max: number) =>
    overLimit(value, max) ? { validateStatus: 'error' as const, help: t('composer.tooLong', { max, count: value.length }) } : {};

  return (
    <section data-screen="composer">
      <Typography.Title level={3}>{t('screen.composer.title')}</Typography.Title>
      <Row gutter={24}>
        <Col xs={24} xl={10}>
          <Form layout="vertical" component={false}>
            <Form.Item label={t('composer.text')} {...limitHelp(text, PREVIEW_TEXT_MAX)} extra={t('composer.characters', { count: [...text].length })}>
              <Input.TextArea
                data-testid="composer-text"
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder={t('composer.textPlaceholder')}
                autoSize={{ minRows: 6, maxRows: 16 }}
              />
            </Form.Item>
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
          </Form>
        </Col>
        <Col xs={24} xl={14}>
          <PlanPreview state={preview} />
        </Col>
      </Row>
    </section>
  );
}
