// Registration of the typed handler table on ipcMain. Every call goes through one
// wrapper: sender check -> argument validation -> handler -> JSON-safety check ->
// envelope. Nothing here imports `electron`: main.ts passes ipcMain in, and the
// tests and the browser-test bridge pass stand-ins (dependency injection).
import { detail, detailOf, type ErrorDetail } from '../../shared/error-detail.js';
import { isErrorCode, type ErrorCode } from '../../shared/error-codes.js';
import { contract, type ArgsOf, type ResultOf } from '../../shared/ipc/contract.js';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../shared/ipc/channels.js';
import { IpcErrorCode, type Envelope } from '../../shared/ipc/envelope.js';
import { ValidationError } from '../../shared/ipc/validate.js';
import { jsonSafetyProblem } from './json-safe.js';

/** One function per invoke channel, typed from the contract. */
export type HandlerTable = {
  readonly [C in InvokeChannel]: (args: ArgsOf<C>) => ResultOf<C> | Promise<ResultOf<C>>;
};

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: any[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type Invoker<E> = (event: E, channel: string, args: readonly unknown[]) => Promise<Envelope<unknown>>;

export interface InvokerOptions {
  /** Called with unexpected handler errors (bugs), e.g. to log the stack in main. */
  onInternalError?: (channel: string, error: unknown) => void;
}

// Services throw typed errors with a code from shared/error-codes.ts (PlanError: 'footer-too-long',
// ...); those reach the renderer as is. Anything else is a bug and becomes 'internal'.
// A detail (the rule broken, as data) goes along when the error carries a well-formed one.
function failure(code: ErrorCode, message: string, d?: ErrorDetail): Envelope<never> {
  return d ? { ok: false, code, message, detail: d } : { ok: false, code, message };
}

function isInvokeChannel(channel: string): channel is InvokeChannel {
  return (INVOKE_CHANNELS as readonly string[]).includes(channel);
}

/**
 * The wrapped handler shared by ipcMain registration and the browser-test bridge,
 * so the tests exercise exactly what main runs.
 */
export function createInvoker<E>(
  table: HandlerTable,
  isTrustedSender: (event: E) => boolean,
  options: InvokerOptions = {},
): Invoker<E> {
  return async (event, channel, args) => {
    if (!isTrustedSender(event)) {
      return failure(IpcErrorCode.forbiddenSender, `${channel}: call rejected, it did not come from the application window`);
    }
    if (!isInvokeChannel(channel)) {
      const name = String(channel).slice(0, 64);
      return failure(IpcErrorCode.invalidArgs, `unknown channel ${JSON.stringify(name)}`, detail('unknown-channel', undefined, { channel: name }));
    }
    if (args.length > 1) {
      return failure(IpcErrorCode.invalidArgs, `${channel}: takes at most one argument, got ${args.length}`, detail('too-many-arguments', undefined, { count: args.length }));
    }
    let input: unknown;
    try {
      input = contract[channel].args.check(args[0], channel);
    } catch (error) {
      if (error instanceof ValidationError) return failure(IpcErrorCode.invalidArgs, error.message, error.detail);
      options.onInternalError?.(channel, error);
      return failure(IpcErrorCode.internal, `${channel}: argument check failed unexpectedly`);
    }
    let value: unknown;
    try {
      value = await (table[channel] as (a: unknown) => unknown)(input);
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown } | null;
      if (e && isErrorCode(e.code) && typeof e.message === 'string') {
        return failure(e.code, e.message, detailOf(e));
      }
      options.onInternalError?.(channel, error);
      return failure(IpcErrorCode.internal, `${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    // A handler that returns nothing answers null: undefined is not JSON.
    if (value === undefined) value = null;
    const problem = jsonSafetyProblem(value, channel);
    if (problem) {
      options.onInternalError?.(channel, new Error(problem));
      return failure(IpcErrorCode.unsafeResult, problem);
    }
    return { ok: true, value };
  };
}

/** Registers one ipcMain handler per invoke channel; returns a function that removes them. */
export function registerHandlers<E>(
  ipcMain: IpcMainLike<E>,
  table: HandlerTable,
  isTrustedSender: (event: E) => boolean,
  options: InvokerOptions = {},
): () => void {
  const invoke = createInvoker(table, isTrustedSender, options);
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event: E, ...args: unknown[]) => invoke(event, channel, args));
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
