// The outcome of a connection test, explained in the operator's language: what happened, the
// CONNECT_RESP Status and its meaning (docs/protocol.md "Result and Status codes"), and what to do about it.
import { Alert, Typography } from 'antd';
import type { ConnectionTestResult, ConnectionTestWarning } from '../../../shared/ipc/contract/accounts.js';
import { connectStatusText } from '../../../shared/i18n/code-text.js';
import type { Locale } from '../../../shared/ipc/locale.js';
import { hasKey, type Translate } from '../i18n/index.js';
import { useLocale, useT } from '../i18n/react.js';
import { closeText } from '../monitor/format.js';

export function ConnectionTestAlert({ result, host }: { result: ConnectionTestResult; host: string }) {
  const t = useT();
  const locale = useLocale();
  if (result.ok) {
    return (
      <div data-testid="connection-test-result">
      <Alert
        type="success"
        showIcon
        title={t('settings.test.ok', { host, ms: result.tookMs })}
        description={
          result.warnings.length > 0
            ? result.warnings.map((w, i) => (
                <div key={i} data-testid="connection-test-warning">
                  {t('settings.test.warning', { message: warningText(w, t) })}
                </div>
              ))
            : undefined
        }
      />
      </div>
    );
  }
  const statusKey = `settings.test.status.${result.status ?? ''}`;
  const title =
    result.code === 'login-status'
      ? t('settings.test.code.login-status', { status: result.status ?? '?', meaning: result.status === null ? '' : connectStatusText(result.status, t) })
      : t(`settings.test.code.${result.code}`);
  const hint =
    result.code === 'login-status'
      ? hasKey(statusKey)
        ? t(statusKey)
        : t('settings.test.status.other')
      : t(`settings.test.hint.${result.code}`);
  return (
    <div data-testid="connection-test-result">
    <Alert
      type="error"
      showIcon
      title={title}
      description={
        <div>
          <div data-testid="connection-test-hint">{hint}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {detailLine(result.detail, result.tookMs, t, locale)}
          </Typography.Text>
        </div>
      }
    />
    </div>
  );
}

/**
 * A warning of the test by its event code: a connection's close as the Monitor words it, a session
 * note by its own text; never the engine's English line.
 */
function warningText(w: ConnectionTestWarning, t: Translate): string {
  if (hasKey(`monitor.close.${w.code}`)) return closeText({ code: w.code }, t);
  const key = `settings.test.warn.${w.code}`;
  return hasKey(key) ? t(key) : t('settings.test.warn.other', { code: w.code });
}

/** The system's error code in a socket error's text (ECONNREFUSED, ETIMEDOUT, EAI_AGAIN, ...). */
const ERRNO = /\b(EAI_[A-Z]+|E[A-Z]{4,})\b/;

/**
 * The details line under a failed test. main's detail is the engine's English line; in Chinese
 * the line says what it can from its codes (the system's error code, explained) and the time.
 */
function detailLine(detail: string, ms: number, t: Translate, locale: Locale): string {
  if (locale === 'en') return t('settings.test.detail', { detail, ms });
  const errno = ERRNO.exec(detail)?.[1];
  if (errno === undefined) return t('settings.test.took', { ms });
  const key = `settings.test.errno.${errno}`;
  return t('settings.test.detailErrno', { errno, meaning: hasKey(key) ? t(key) : t('settings.test.errno.other'), ms });
}
