// Typed codec errors. Every failure of the codec on bad input is one of these, so callers can tell
// "reset the connection" (framing) from "answer or drop this one frame" (decode, unknown command).
import { commandLabel } from './commands.js';

export class CmppError extends Error {
  /** Stable machine-readable code, e.g. for IPC envelopes. */
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * The byte stream can no longer be split into frames (Total_Length < 12 or > 4096). Fatal for the
 * connection: nothing after this point can be trusted, so the session must reset it.
 */
export class CmppFramingError extends CmppError {
  /** The offending Total_Length. */
  readonly totalLength: number;
  /**
   * Complete frames that preceded the bad length in the same push(); they are intact, so the
   * session may still handle them (e.g. acknowledge reports) before it resets.
   */
  readonly frames: Buffer[];
  constructor(message: string, totalLength: number, frames: Buffer[] = []) {
    super('CMPP_FRAMING', message);
    this.totalLength = totalLength;
    this.frames = frames;
  }
}

/** A well-framed PDU whose Command_Id this codec does not handle. Recoverable: skip this frame. */
export class CmppUnknownCommandError extends CmppError {
  readonly commandId: number;
  readonly sequenceId: number;
  constructor(commandId: number, sequenceId: number, detail = 'unknown Command_Id') {
    super(
      'CMPP_UNKNOWN_COMMAND',
      `${detail} ${commandLabel(commandId)} (Sequence_Id ${sequenceId}); frame skipped`,
    );
    this.commandId = commandId;
    this.sequenceId = sequenceId;
  }
}

export interface DecodeErrorContext {
  commandId?: number;
  sequenceId?: number;
}

/**
 * A frame with a known Command_Id whose body does not fit its layout. Recoverable for that frame:
 * the session may answer it with an error Result (commandId and sequenceId are set when known).
 */
export class CmppDecodeError extends CmppError {
  /** The field at fault, named as in the CMPP spec (e.g. "DestUsr_tl", "Total_Length"). */
  readonly field: string;
  readonly commandId?: number;
  readonly sequenceId?: number;
  constructor(field: string, message: string, ctx: DecodeErrorContext = {}) {
    super('CMPP_DECODE', message);
    this.field = field;
    if (ctx.commandId !== undefined) this.commandId = ctx.commandId;
    if (ctx.sequenceId !== undefined) this.sequenceId = ctx.sequenceId;
  }
}

/** A PDU value that cannot be put on the wire as given; nothing is ever truncated instead. */
export class CmppEncodeError extends CmppError {
  /** The field at fault, e.g. "Dest_terminal_Id[3]", "Msg_Length". */
  readonly field: string;
  constructor(field: string, message: string) {
    super('CMPP_ENCODE', message);
    this.field = field;
  }
}
