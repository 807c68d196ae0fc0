// Display formats shared by the data screens.
import type { MessageRollup } from '../../../shared/message-state.js';
import type { Translate } from '../i18n/index.js';
import { reasonText as translatedReason } from '../../../shared/i18n/reason-text.js';
import { doneTimeText as doneTime } from '../../../shared/time-format.js';

/** A report's Done_time (YYMMDDHHMM, gateway time) as 20YY-MM-DD HH:MM; other text as sent; a dash when empty. */
export function doneTimeText(raw: string | null): string {
  return doneTime(raw) ?? '—';
}

export function countText(n: number, locale: string): string {
  return n.toLocaleString(locale === 'zh-CN' ? 'zh-CN' : 'en-US');
}

export const STATE_COLORS: Record<MessageRollup, string> = {
  queued: 'default',
  submitting: 'processing',
  submitted: 'blue',
  delivered: 'green',
  failed: 'red',
  unknown: 'orange',
  in_doubt: 'magenta',
  skipped: 'default',
  cancelled: 'default',
  partial: 'cyan',
};

export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Why a message or a segment ended as it did, in the operator's language, or null when there is
 * no reason. The one place the delivery log turns a reason into text: the grid's Reason column
 * and the detail drawer (message and segments) call only this. The store keeps English text built
 * by shared/reasons.ts; shared/i18n/reason-text.ts reads it back and translates it.
 */
export function reasonText(item: { reason: string | null }, t: Translate): string | null {
  return item.reason === null ? null : translatedReason(item.reason, t);
}
