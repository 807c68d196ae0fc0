// A SubmitRequest checked against the account and encoded once, before it queues: what breaks an
// account setting or does not fit its fields is refused at once ('invalid', nothing sent) with the
// field at fault, instead of failing later on a connection.
import type { ResolvedAccountConfig } from './account-config.js';
import type { SubmitFailure, SubmitRequest } from './outcomes.js';
import { invalid } from './settlement.js';
import { encodePdu } from '../wire/codec.js';
import { CmppEncodeError } from '../wire/errors.js';

export interface EncodedSubmit {
  /** The whole frame; the connection patches its Sequence_Id. */
  buf: Buffer;
  /** Destinations: the messages the gateway counts. */
  destinations: number;
}

/** `rate`: the configured messages/s (Infinity when unlimited); one SUBMIT may not exceed it. */
export function encodeSubmit(req: SubmitRequest, config: ResolvedAccountConfig, rate: number): EncodedSubmit | SubmitFailure {
  const dests = req.Dest_terminal_Id;
  const n = Array.isArray(dests) ? dests.length : 0;
  if (n > config.maxDestinations) {
    return invalid('Dest_terminal_Id', `${n} destinations in one SUBMIT; the account allows at most ${config.maxDestinations} (docs/protocol.md "Group sends")`);
  }
  if (n > rate) return invalid('Dest_terminal_Id', `${n} destinations in one SUBMIT exceed the account rate of ${rate} messages/s`);
  const content = req.Msg_Content;
  if (req.DestUsr_tl !== undefined && req.DestUsr_tl !== n) {
    return invalid('DestUsr_tl', `DestUsr_tl ${req.DestUsr_tl} disagrees with ${n} Dest_terminal_Id entries`);
  }
  if (req.Msg_Length !== undefined && content && req.Msg_Length !== content.length) {
    return invalid('Msg_Length', `Msg_Length ${req.Msg_Length} disagrees with Msg_Content of ${content.length} bytes`);
  }
  try {
    const buf = encodePdu(
      { ...req, Command_Id: 'CMPP_SUBMIT', Sequence_Id: 0, Msg_Id: 0n, DestUsr_tl: n, Msg_Length: content ? content.length : 0 },
      config.version,
    );
    return { buf, destinations: n };
  } catch (e) {
    if (e instanceof CmppEncodeError) return invalid(e.field, e.message);
    throw e;
  }
}
