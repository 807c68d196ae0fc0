// Faults on demand (all off by default: the simulator is a well-behaved gateway unless asked).
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
