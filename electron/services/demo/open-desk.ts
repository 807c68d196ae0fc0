// Opening the engine at start-up, shared by the desktop shell and browser mode: the remembered
// mode, and when the operator's own database will not open, the demo gateway instead, SAID in a
// notice, so the workstation still starts and the reason is on screen.
import { LiveSession, readMode, type LiveSessionOptions } from './desk-session.js';

export async function openEngineOrDemo(options: LiveSessionOptions): Promise<LiveSession> {
  try {
    return await LiveSession.open(options);
  } catch (error) {
    const mode = options.mode ?? readMode(options.dataDir);
    options.workspace?.log?.error('engine-open-failed', { mode }, error);
    if (mode !== 'real') throw error;
    options.events.emit('app.notice', {
      level: 'error',
      code: 'real-db-failed',
      message: `Your gateway database could not be opened (${error instanceof Error ? error.message : String(error)}); the demo gateway is shown instead.`,
    });
    return LiveSession.open({ ...options, mode: 'demo' });
  }
}
