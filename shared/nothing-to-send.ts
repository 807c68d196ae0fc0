// A campaign none of whose recipients would get the message is refused at creation (error code
// `nothing-to-send`) instead of becoming a draft of skipped rows. The refusal names why, cause by
// cause with its count, and how to fix each. Its text stays plain English (the CLI prints it as is);
// the renderer parses it back into causes and shows them in the user's language, as it does with
// stored reasons (shared/reasons.ts): builder and parser side by side, so they cannot drift apart.
import type { NothingToSend, NothingToSendCause } from './ipc/contract/composer.js';

export type { NothingToSend, NothingToSendCause };

export const NOTHING_TO_SEND_CAUSES: readonly NothingToSendCause[] = [
  'invalid-number',
  'opt-out',
  'frequency-cap',
  'signature',
  'sensitive-word',
  'merge-field',
  'unsendable',
];

const what: Record<NothingToSendCause, string> = {
  'invalid-number': 'not a valid mobile number',
  'opt-out': 'opted out',
  'frequency-cap': 'over the frequency cap',
  signature: 'no 【签名】 signature',
  'sensitive-word': 'a sensitive word in the text',
  'merge-field': 'no value for a merge field',
  unsendable: 'text cannot be sent',
};

const fix: Record<NothingToSendCause, string> = {
  'invalid-number': 'give 11-digit mobile numbers',
  'opt-out': 'choose recipients who have not opted out',
  'frequency-cap': 'wait until the frequency-cap window has passed, or raise the cap in the sending rules',
  signature: "put a 【签名】 in the text or set the account's signature",
  'sensitive-word': 'remove the sensitive word from the text, or edit the list in the sending rules',
  'merge-field': 'give the recipients a value for each merge field, or take the field out of the text',
  unsendable: 'shorten the text',
};

/** The refusal from the counts of one walk (skips by code, refused numbers); causes with 0 left out. */
export function nothingToSend(byCause: Partial<Record<NothingToSendCause, number>>): NothingToSend {
  const causes = NOTHING_TO_SEND_CAUSES.flatMap((cause) => ((byCause[cause] ?? 0) > 0 ? [{ cause, count: byCause[cause]! }] : [])).sort(
    (a, b) => b.count - a.count,
  );
  return { recipients: causes.reduce((n, c) => n + c.count, 0), causes };
}

const PREFIX = 'nothing to send, so no campaign was created: ';

/** The refusal as one English line: `... 2 opted out [opt-out], 1 no 【签名】 signature [signature]. To fix: ...` */
export function nothingToSendText(r: NothingToSend): string {
  const parts = r.causes.map((c) => `${c.count} ${what[c.cause]} [${c.cause}]`).join(', ');
  const fixes = r.causes.map((c) => fix[c.cause]).join('; ');
  const all = r.recipients === 1 ? 'the only recipient would be skipped' : `all ${r.recipients} recipients would be skipped`;
  return `${PREFIX}${all}: ${parts}. To fix: ${fixes}`;
}

/** The causes back from nothingToSendText's line; null for any other text. */
export function parseNothingToSend(text: string): NothingToSend | null {
  const list = /^would be skipped: (.*?)\. To fix: /.exec(text.startsWith(PREFIX) ? text.slice(text.indexOf('would be skipped: ')) : '');
  if (!list) return null;
  const causes: NothingToSend['causes'] = [];
  for (const part of list[1]!.split(', ')) {
    const m = /^(\d+) .+ \[([a-z-]+)\]$/.exec(part);
    const cause = m?.[2] as NothingToSendCause | undefined;
    if (!m || !cause || !NOTHING_TO_SEND_CAUSES.includes(cause)) return null;
    causes.push({ cause, count: Number(m[1]) });
  }
  if (causes.length === 0) return null;
  return { recipients: causes.reduce((n, c) => n + c.count, 0), causes };
}
