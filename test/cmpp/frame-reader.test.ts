// FrameReader: any split or coalescing of the stream yields the same frames; bad lengths are fatal.
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CmppFramingError,
  CmppUnknownCommandError,
  decodePdu,
  encodePdu,
  FrameReader,
  MAX_FRAME,
} from '../../electron/cmpp/wire/index.js';
import { pduArb } from './codec-arbitraries.js';
import { FRAME_VECTORS, V } from './codec-vectors.js';

const frames = FRAME_VECTORS.map((v) => v.frame);
const stream = Buffer.concat(frames);

function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

function readAll(chunks: Buffer[]): Buffer[] {
  const r = new FrameReader();
  return chunks.flatMap((c) => r.push(c));
}

describe('FrameReader', () => {
  it('returns whole frames from one coalesced chunk', () => {
    expect(readAll([stream])).toEqual(frames);
  });

  it('byte by byte gives the same frames', () => {
    const r = new FrameReader();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) {
      out.push(...r.push(stream.subarray(i, i + 1)));
      expect(r.buffered).toBeLessThanOrEqual(MAX_FRAME);
    }
    expect(out).toEqual(frames);
    expect(r.buffered).toBe(0);
  });

  it('any split of any stream of valid frames yields the same frames', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(pduArb('3.0', { maxDest: 4 }).map((p) => encodePdu(p, '3.0')), pduArb('2.0', { maxDest: 4 }).map((p) => encodePdu(p, '2.0'))), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (fs, cuts) => {
          const all = Buffer.concat(fs);
          expect(readAll(splitAt(all, cuts))).toEqual(fs);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps a partial frame across pushes, never drops it', () => {
    const r = new FrameReader();
    expect(r.push(V.submit30.subarray(0, 3))).toEqual([]);
    expect(r.buffered).toBe(3);
    expect(r.push(V.submit30.subarray(3, 100))).toEqual([]);
    expect(r.buffered).toBe(100);
    expect(r.push(Buffer.alloc(0))).toEqual([]);
    const out = r.push(Buffer.concat([V.submit30.subarray(100), V.activeTest.subarray(0, 5)]));
    expect(out).toEqual([V.submit30]);
    expect(r.buffered).toBe(5);
    expect(r.push(V.activeTest.subarray(5))).toEqual([V.activeTest]);
  });

  it('frames assembled across chunks do not change when the chunks are reused', () => {
    const r = new FrameReader();
    const chunk = Buffer.from(V.submit20.subarray(0, 50));
    r.push(chunk);
    const rest = Buffer.from(V.submit20.subarray(50));
    const [frame] = r.push(rest);
    chunk.fill(0xee);
    rest.fill(0xee);
    expect(frame).toEqual(V.submit20);
  });

  it('accepts Total_Length 12 and 4096, and plain Uint8Array chunks', () => {
    const big = Buffer.alloc(MAX_FRAME);
    big.writeUInt32BE(MAX_FRAME, 0);
    expect(readAll([V.terminate, big])).toEqual([V.terminate, big]);
    const r = new FrameReader();
    expect(r.push(new Uint8Array(V.activeTest))).toEqual([V.activeTest]);
  });

  it.each([
    ['below 12', 11],
    ['zero', 0],
    ['above 4096', MAX_FRAME + 1],
    ['huge', 0xffffffff],
  ])('Total_Length %s is a CmppFramingError, raised as soon as its 4 bytes arrive', (_, total) => {
    const bad = Buffer.alloc(4);
    bad.writeUInt32BE(total, 0);
    const r = new FrameReader();
    expect(r.push(Buffer.concat([V.activeTest, bad.subarray(0, 2)]))).toEqual([V.activeTest]);
    let err: unknown;
    try {
      r.push(bad.subarray(2));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CmppFramingError);
    expect((err as CmppFramingError).totalLength).toBe(total);
    expect(r.failed).toBe(true);
    // Stays failed: the stream cannot be trusted any more.
    expect(() => r.push(V.activeTest)).toThrow(CmppFramingError);
  });

  it('a framing error carries the intact frames that preceded it in the same chunk', () => {
    const r = new FrameReader();
    try {
      r.push(Buffer.concat([V.activeTest, V.deliverResp20, Buffer.from('00001001', 'hex')]));
      throw new Error('expected a framing error');
    } catch (e) {
      expect(e).toBeInstanceOf(CmppFramingError);
      expect((e as CmppFramingError).frames).toEqual([V.activeTest, V.deliverResp20]);
    }
    try {
      r.push(V.activeTest);
    } catch (e) {
      expect((e as CmppFramingError).frames).toEqual([]);
    }
  });

  it('an unknown Command_Id costs only its own frame', () => {
    const unknown = Buffer.from('0000000e000000990000004200ff', 'hex');
    const got = readAll([Buffer.concat([V.activeTest, unknown, V.terminate])]);
    expect(got).toHaveLength(3);
    expect(decodePdu(got[0]!, '3.0').Command_Id).toBe('CMPP_ACTIVE_TEST');
    expect(() => decodePdu(got[1]!, '3.0')).toThrow(CmppUnknownCommandError);
    expect(decodePdu(got[2]!, '3.0').Command_Id).toBe('CMPP_TERMINATE');
  });
});

describe('FrameReader on a real TCP connection', () => {
  const sockets: Socket[] = [];
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    sockets.length = 0;
    await close?.();
    close = undefined;
  });

  it('reassembles frames written in odd pieces over 127.0.0.1', async () => {
    const server = createServer();
    const accepted = once(server, 'connection') as Promise<[Socket]>;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    close = () => new Promise((res) => server.close(() => res()));
    const sent: Buffer[] = [];
    for (let i = 0; i < 200; i++) {
      sent.push(...frames);
    }
    const all = Buffer.concat(sent);
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    client.setNoDelay(true);
    sockets.push(client);
    await once(client, 'connect');
    const reader = new FrameReader();
    const got: Buffer[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.on('data', (chunk: Buffer) => {
        try {
          got.push(...reader.push(chunk));
          if (got.length === sent.length) resolve();
        } catch (e) {
          reject(e);
        }
      });
    });
    const [peer] = await accepted;
    sockets.push(peer);
    // Odd piece sizes straddle every frame boundary sooner or later.
    let off = 0;
    let k = 1;
    while (off < all.length) {
      const n = Math.min((k++ * 7) % 61 + 1, all.length - off);
      peer.write(all.subarray(off, off + n));
      off += n;
      if (k % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    await done;
    expect(got).toEqual(sent);
  }, 20_000);
});
