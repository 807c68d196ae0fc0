// An error in the operator's language: its code's text (error.<code>) with {message} filled by the
// detail (shared/error-detail.ts) worded by the catalogue, the field named by its label where there
// is one. The UI's error messages (renderer/src/call.ts) and the CLI's error line both use it.
// Main's English message stands in for a missing detail only in English (errorDetail.unspecified is
// `{message}` there): the Chinese text never carries main's English. Browser-safe: no Node builtins.
import type { ErrorDetail } from '../error-detail.js';
import { refusalMessage } from './refusal-text.js';
import { isSharedKey, type SharedKey, type SharedTranslate } from './catalogue.js';

/** Params whose value is a code the catalogue words: the prefix of its text's key. */
const WORDED: Readonly<Record<string, string>> = {
  state: 'live.campaignState.',
  from: 'live.campaignState.',
  to: 'live.campaignState.',
  problem: 'deliveryLog.phone.',
  only: 'detail.only.',
  why: 'autoreply.pattern.',
};

/** A detail in the catalogue's language. */
export function detailText(d: ErrorDetail, t: SharedTranslate): string {
  const params: Record<string, string | number> = { ...d.params };
  for (const [name, prefix] of Object.entries(WORDED)) {
    const key = `${prefix}${String(params[name])}`;
    if (name in params && isSharedKey(key)) params[name] = t(key, d.params);
  }
  if (d.field !== undefined) {
    const label = `field.${d.field}`;
    params.field = isSharedKey(label) ? t(label) : d.field;
  }
  return t(`detail.${d.code}` as SharedKey, params);
}

export interface FailureLike {
  code: string;
  message: string;
  detail?: ErrorDetail | undefined;
}

/** The one text of a failure, in the language of `t`. */
export function failureText(f: FailureLike, t: SharedTranslate): string {
  const key = `error.${f.code}`;
  let message: string;
  if (f.code === 'nothing-to-send') message = refusalMessage(f.message, t);
  else if (f.detail) message = detailText(f.detail, t);
  else message = t('errorDetail.unspecified', { message: f.message });
  return isSharedKey(key) ? t(key, { message }) : t('error.unknown', { code: f.code, message });
}
