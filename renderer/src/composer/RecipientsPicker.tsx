// Recipients: contact groups (with their sizes) and pasted numbers, validated inline with the
// same code main uses at enqueue (shared/phone.ts): invalid lines are named with their problem,
// duplicates and numbers outside China Mobile's ranges counted (sent anyway: numbers are portable).
import { Alert, Flex, Form, Input, Select, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { PASTED_NUMBERS_MAX } from '../../../shared/ipc/contract/composer.js';
import type { ComposerContext } from '../../../shared/ipc/contract/composer.js';
import { checkNumberList } from '../../../shared/phone.js';
import { useT } from '../i18n/react.js';
import { count } from '../monitor/format.js';

/** Above this many characters the inline check waits for the operator to stop typing. */
const LISTED_INVALID = 8;

export function RecipientsPicker({
  groups,
  groupIds,
  numbers,
  onGroups,
  onNumbers,
}: {
  groups: ComposerContext['groups'];
  groupIds: number[];
  numbers: string;
  onGroups: (ids: number[]) => void;
  onNumbers: (text: string) => void;
}) {
  const t = useT();
  const checked = useMemo(() => (numbers.trim() === '' ? null : checkNumberList(numbers)), [numbers]);
  const tooLong = numbers.length > PASTED_NUMBERS_MAX;
  const groupTotal = groups.filter((g) => groupIds.includes(g.id)).reduce((n, g) => n + g.size, 0);
  return (
    <>
      <Form.Item label={t('composer.groups')} extra={groupIds.length > 0 ? t('composer.groupTotal', { count: count(groupTotal) }) : undefined}>
        <Select
          mode="multiple"
          data-testid="composer-groups"
          value={groupIds}
          onChange={onGroups}
          placeholder={t('composer.groupsPlaceholder')}
          optionFilterProp="label"
          options={groups.map((g) => ({ value: g.id, label: t('composer.groupOption', { name: g.name, size: count(g.size) }) }))}
        />
      </Form.Item>
      <Form.Item
        label={t('composer.numbers')}
        validateStatus={tooLong || (checked && checked.invalid.length > 0) ? 'warning' : undefined}
        help={tooLong ? t('composer.numbersTooLong', { max: count(PASTED_NUMBERS_MAX) }) : undefined}
      >
        <Input.TextArea
          data-testid="composer-numbers"
          value={numbers}
          onChange={(e) => onNumbers(e.target.value)}
          placeholder={t('composer.numbersPlaceholder')}
          autoSize={{ minRows: 2, maxRows: 6 }}
        />
      </Form.Item>
      {checked && (
        <Flex vertical gap={6} style={{ marginTop: -12, marginBottom: 16 }} data-testid="numbers-check">
          <Flex gap={6} wrap>
            <Tag color="success">{t('composer.numbersValid', { count: count(checked.numbers.length) })}</Tag>
            {checked.invalid.length > 0 && <Tag color="error">{t('composer.numbersInvalid', { count: count(checked.invalid.length) })}</Tag>}
            {checked.duplicates.length > 0 && <Tag color="warning">{t('composer.numbersDuplicates', { count: count(checked.duplicates.length) })}</Tag>}
            {checked.notChinaMobile.length > 0 && <Tag>{t('composer.numbersNotCm', { count: count(checked.notChinaMobile.length) })}</Tag>}
          </Flex>
          {checked.invalid.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('composer.invalidTitle')}
              description={
                <Flex vertical>
                  {checked.invalid.slice(0, LISTED_INVALID).map((i) => (
                    <Typography.Text key={`${i.line}-${i.input}`} data-testid="invalid-number">
                      {t('composer.invalidLine', { line: i.line, input: i.input, problem: t(`live.problem.${i.problem}`) })}
                    </Typography.Text>
                  ))}
                  {checked.invalid.length > LISTED_INVALID && <Typography.Text type="secondary">{t('composer.moreInvalid', { count: checked.invalid.length - LISTED_INVALID })}</Typography.Text>}
                </Flex>
              }
            />
          )}
        </Flex>
      )}
    </>
  );
}
