// Faults on demand (all off by default: the simulator is a well-behaved gateway unless asked), and
// the malformed frames it sends when asked to.
import { encodePdu } from '../cmpp/wire/codec.js';
import { CommandId } from '../cmpp/wire/commands.js';
import type { Deliver } from '../cmpp/wire/pdu.js';
import type { CmppVersion } from '../cmpp/wire/version.js';
import type { MalformedKind, SimFaults } from './types.js';

export class FaultState implements SimFaults {
  dropRate = 0;
  delayMs = 0;
  disconnectAfterPdus: number | undefined;
  disconnectRate = 0;
  flowRate = 0;
  badAuthenticator = false;
  closeLogin = false;
  silent = false;

  constructor(
    private readonly actions: {
      malformed(kind: MalformedKind): void;
      kill(spId?: string): void;
      silenceEnded(): void;
    },
  ) {}

  dropResponses(rate: number): void {
    this.dropRate = rate01('dropResponses', rate);
  }
  delayResponses(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`delayResponses: ms must be >= 0, got ${ms}`);
    this.delayMs = ms;
  }
  disconnectAfter(pdus: number | undefined): void {
    if (pdus !== undefined && !(Number.isInteger(pdus) && pdus >= 1)) {
      throw new RangeError(`disconnectAfter: pdus must be a whole number >= 1, got ${pdus}`);
    }
    this.disconnectAfterPdus = pdus;
  }
  disconnectRandomly(rate: number): void {
    this.disconnectRate = rate01('disconnectRandomly', rate);
  }
  flowControl(rate: number): void {
    this.flowRate = rate01('flowControl', rate);
  }
  wrongAuthenticator(on: boolean): void {
    this.badAuthenticator = on;
  }
  closeAfterLogin(on: boolean): void {
    this.closeLogin = on;
  }
  sendMalformedFrame(kind: MalformedKind = 'too-long'): void {
    if (kind !== 'too-long' && kind !== 'too-short' && kind !== 'bad-body') {
      throw new RangeError(`sendMalformedFrame: unknown kind '${String(kind)}'`);
    }
    this.actions.malformed(kind);
  }
  silence(on: boolean): void {
    const was = this.silent;
    this.silent = on;
    if (was && !on) this.actions.silenceEnded();
  }
  killConnections(spId?: string): void {
    this.actions.kill(spId);
  }
}

function rate01(name: string, rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`${name}: rate must be between 0 and 1, got ${rate}`);
  return rate;
}

/**
 * 'bad-body': a well-framed DELIVER whose Msg_Length claims 10 bytes more than it carries;
 * 'too-long' / 'too-short': a header whose Total_Length (5000 / 5) no frame reader accepts.
 */
export function malformedFrame(kind: MalformedKind, layout: CmppVersion, sequenceId: number): Buffer {
  if (kind === 'bad-body') {
    const content = Buffer.from('malformed');
    const pdu: Deliver = {
      Command_Id: 'CMPP_DELIVER',
      Sequence_Id: sequenceId,
      Msg_Id: 0n,
      Dest_Id: '',
      Service_Id: '',
      TP_pid: 0,
      TP_udhi: 0,
      Msg_Fmt: 0,
      Src_terminal_Id: '',
      Registered_Delivery: 0,
      Msg_Length: content.length,
      Msg_Content: content,
    };
    const frame = encodePdu(pdu, layout);
    const trailer = layout === '3.0' ? 20 : 8; // LinkID / Reserved after the content
    frame[frame.length - trailer - content.length - 1] = content.length + 10;
    return frame;
  }
  const frame = Buffer.alloc(12);
  frame.writeUInt32BE(kind === 'too-long' ? 5000 : 5, 0);
  frame.writeUInt32BE(CommandId.CMPP_DELIVER, 4);
  frame.writeUInt32BE(sequenceId, 8);
  return frame;
}
