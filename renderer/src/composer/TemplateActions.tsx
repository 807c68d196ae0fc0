// Templates from the Composer: the text in the box saved as a new template (or over the selected
// one), and the selected one deleted. Campaigns made from a template keep their own text.
import { App as AntApp, Button, Input, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import type { ComposerTemplate } from '../../../shared/ipc/contract/composer.js';
import { TEMPLATE_NAME_MAX } from '../../../shared/ipc/contract/composer.js';
import { errorText } from '../call.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';

export function TemplateActions(props: { selected: ComposerTemplate | null; text: string; onSaved: (t: ComposerTemplate) => void; onDeleted: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [name, setName] = useState('');
  const save = async (id?: number) => {
    const r = await desk().composer.saveTemplate({ ...(id !== undefined ? { id } : {}), name: id !== undefined ? props.selected!.name : name.trim(), text: props.text });
    if (!r.ok) {
      message.error(errorText(t, r));
      return;
    }
    message.success(t('composer.templateSaved', { name: r.value.name }));
    setName('');
    props.onSaved(r.value);
  };
  const remove = async () => {
    const r = await desk().composer.deleteTemplate(props.selected!.id);
    if (!r.ok) message.error(errorText(t, r));
    else props.onDeleted();
  };
  return (
    <Space wrap size="small">
      <Space.Compact>
        <Input data-testid="template-name" size="small" maxLength={TEMPLATE_NAME_MAX} value={name} placeholder={t('composer.templateNamePlaceholder')} onChange={(e) => setName(e.target.value)} />
        <Button data-testid="template-save-new" size="small" disabled={name.trim() === '' || props.text.trim() === ''} onClick={() => void save()}>
          {t('composer.templateSaveNew')}
        </Button>
      </Space.Compact>
      {props.selected && (
        <>
          <Button data-testid="template-save" size="small" disabled={props.text.trim() === '' || props.text === props.selected.text} onClick={() => void save(props.selected!.id)}>
            {t('composer.templateSave', { name: props.selected.name })}
          </Button>
          <Popconfirm title={t('composer.templateDeleteConfirm', { name: props.selected.name })} onConfirm={() => void remove()}>
            <Button data-testid="template-delete" size="small" danger>
              {t('composer.templateDelete')}
            </Button>
          </Popconfirm>
        </>
      )}
    </Space>
  );
}
