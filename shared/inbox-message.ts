// A mobile-originated message (docs/glossary.md "MO") as the inbox keeps it: one type for the store,
// the inbox service, the CLI and the IPC contract, so a field added in one place reaches them all.
// Browser-safe: no Node builtins, no packages.

/** What an MO did to the opt-out list (docs/glossary.md "Opt-out / opt-in"). */
export type OptEvent = 'opt_out' | 'opt_in';

/** A stored MO message, all but its raw bytes (the store adds them as a Buffer, the views as hex). */
export interface MoMessageFields {
  id: number;
  accountId: number;
  /** The sender, normalised. */
  number: string;
  srcTerminalId: string;
  /** Dest_Id the user texted (Src_Id + extension). */
  destId: string;
  serviceId: string;
  /** 3.0 LinkID; '' on 2.0. */
  linkId: string;
  msgFmt: number;
  /** Decoded text; null when the Msg_Fmt cannot be decoded (the raw bytes are kept). */
  text: string | null;
  /** false: a partial message (parts missing after the reassembly timeout). */
  complete: boolean;
  segmentTotal: number;
  segmentReceived: number;
  /** The campaign whose Src_Id extension the user texted, if any. */
  campaignId: number | null;
  receivedAt: number;
  handled: boolean;
  handledAt: number | null;
  optEvent: OptEvent | null;
}

/** JSON-safe view of a stored MO for the UI and the CLI: the raw bytes (UDH removed) as hex. */
export interface InboxMessage extends MoMessageFields {
  contentHex: string;
}
