// A scripted gateway for hostile-peer tests: a raw TCP server on 127.0.0.1 that speaks just enough
// CMPP (CONNECT_RESP with a chosen Status, optional SUBMIT_RESPs) and otherwise does exactly what
// the test tells it: trickle bytes, send garbage, stay mute. Everything it receives is recorded.
import net from 'node:net';
import { authenticatorIsmg } from '../../electron/cmpp/wire/auth.js';
import { decodePdu, encodePdu } from '../../electron/cmpp/wire/codec.js';
import { FrameReader } from '../../electron/cmpp/wire/frame-reader.js';
import type { Connect, Pdu, Submit } from '../../electron/cmpp/wire/pdu.js';
import { encodeReport } from '../../electron/cmpp/wire/report.js';
import type { CmppVersion } from '../../electron/cmpp/wire/version.js';

export interface PeerScript {
  version: CmppVersion;
  secret: string;
  /** CONNECT_RESP Status; 0 logs in. */
  loginStatus?: number;
  /** Answer SUBMIT with SUBMIT_RESP Result 0 (default false: mute after login). */
  answerSubmits?: boolean;
  /** Answer ACTIVE_TEST (default false). */
  answerActiveTests?: boolean;
  /** With answerSubmits: follow each SUBMIT_RESP with a status report whose 7 Stat bytes are these. */
  reportStat?: Buffer;
  /** Written right after a successful CONNECT_RESP (e.g. unframeable bytes). */
  afterLogin?: Buffer;
  /** afterLogin on the first connection only; later ones behave. */
  afterLoginOnce?: boolean;
}

export interface PeerConnection {
  socket: net.Socket;
  received: Pdu[];
}

export class ScriptedPeer {
  readonly connections: PeerConnection[] = [];
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    private readonly script: PeerScript,
  ) {}

  static async start(script: PeerScript): Promise<ScriptedPeer> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const peer = new ScriptedPeer(server, port, script);
    server.on('connection', (s) => peer.accept(s));
    return peer;
  }

  /** Every PDU of the given command received on any connection. */
  received(command: Pdu['Command_Id']): Pdu[] {
    return this.connections.flatMap((c) => c.received.filter((p) => p.Command_Id === command));
  }

  /** Writes raw bytes on the latest connection. */
  write(bytes: Buffer | number[]): void {
    this.connections.at(-1)?.socket.write(Buffer.from(bytes));
  }

  sendPdu(pdu: Pdu): void {
    this.write(encodePdu(pdu, this.script.version));
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private report(submit: Submit, msgId: bigint, stat: Buffer): Pdu {
    const form = this.script.version === '3.0' ? 71 : 60;
    const content = encodeReport(
      { Msg_Id: msgId, Stat: 'XXXXXXX', Submit_time: '2612060400', Done_time: '2612060401', Dest_terminal_Id: submit.Dest_terminal_Id[0]!, SMSC_sequence: 1 },
      form,
    );
    stat.copy(content, 8, 0, 7);
    return {
      Command_Id: 'CMPP_DELIVER',
      Sequence_Id: 0x7000 + submit.Sequence_Id,
      Msg_Id: 1n,
      Dest_Id: submit.Src_Id,
      Service_Id: submit.Service_Id,
      TP_pid: 0,
      TP_udhi: 0,
      Msg_Fmt: 0,
      Src_terminal_Id: submit.Dest_terminal_Id[0]!,
      Src_terminal_type: 0,
      Registered_Delivery: 1,
      Msg_Length: content.length,
      Msg_Content: content,
      LinkID: '',
    } as Pdu;
  }

  private accept(socket: net.Socket): void {
    const conn: PeerConnection = { socket, received: [] };
    this.connections.push(conn);
    const reader = new FrameReader();
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const f of frames) this.onFrame(conn, f);
    });
  }

  private onFrame(conn: PeerConnection, frame: Buffer): void {
    const { version, secret } = this.script;
    const pdu = decodePdu(frame, version);
    conn.received.push(pdu);
    const reply = (p: Pdu) => conn.socket.write(encodePdu(p, version));
    if (pdu.Command_Id === 'CMPP_CONNECT') {
      const status = this.script.loginStatus ?? 0;
      const auth = authenticatorIsmg(status, version, (pdu as Connect).AuthenticatorSource, secret);
      reply({ Command_Id: 'CMPP_CONNECT_RESP', Sequence_Id: pdu.Sequence_Id, Status: status, AuthenticatorISMG: auth, Version: version === '3.0' ? 0x30 : 0x20 });
      if (status !== 0) conn.socket.end();
      else if (this.script.afterLogin && (!this.script.afterLoginOnce || this.connections.length === 1)) conn.socket.write(this.script.afterLogin);
    } else if (pdu.Command_Id === 'CMPP_SUBMIT' && this.script.answerSubmits) {
      const msgId = BigInt(pdu.Sequence_Id) << 16n;
      reply({ Command_Id: 'CMPP_SUBMIT_RESP', Sequence_Id: pdu.Sequence_Id, Msg_Id: msgId, Result: 0 });
      if (this.script.reportStat) reply(this.report(pdu as Submit, msgId, this.script.reportStat));
    } else if (pdu.Command_Id === 'CMPP_ACTIVE_TEST' && this.script.answerActiveTests) {
      reply({ Command_Id: 'CMPP_ACTIVE_TEST_RESP', Sequence_Id: pdu.Sequence_Id, Reserved: 0 });
    }
  }
}
