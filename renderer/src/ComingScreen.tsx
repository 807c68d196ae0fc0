// The screens that arrive with the engine: a heading and an honest empty state (no fake data).
import { Empty, Typography } from 'antd';
import { useT } from './i18n/react.js';
import { titleKey, type ScreenKey } from './screens.js';

export function ComingScreen({ screen }: { screen: ScreenKey }) {
  const t = useT();
  return (
    <section data-screen={screen}>
      <Typography.Title level={3}>{t(titleKey(screen))}</Typography.Title>
      <Empty style={{ marginTop: 64 }} description={t('screen.comingWithEngine')} />
    </section>
  );
}
