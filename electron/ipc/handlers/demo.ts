// Handlers of the desk mode (the demo gateway's database or the operator's own) and the demo
// gateway's behaviour (shared/ipc/contract/demo.ts).
import type { DEMO_INVOKE } from '../../../shared/ipc/channels/demo.js';
import { IpcFailure } from '../../../shared/ipc/envelope.js';
import type { DemoBehaviour } from '../../services/demo/demo-gateway.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';

export type DemoHandlers = Pick<HandlerTable, (typeof DEMO_INVOKE)[number]>;

export function demoHandlers(ctx: HandlerContext): DemoHandlers {
  const demo = () => {
    const d = ctx.session().demo;
    if (!d) throw new IpcFailure('not-demo', 'the demo gateway is not running; switch to the demo gateway first');
    return d;
  };
  return {
    'mode.get': () => ctx.session().info(),
    'mode.set': (mode) => ctx.session().setMode(mode),

    'demo.status': () => ctx.session().demo?.status() ?? null,
    'demo.setBehaviour': (a) => {
      const d = demo();
      const now = d.behaviour;
      const patch: Partial<DemoBehaviour> = {
        reportDelayMs: { min: a.reportDelayMinMs ?? now.reportDelayMs.min, max: a.reportDelayMaxMs ?? now.reportDelayMs.max },
      };
      if (a.undeliveredPercent !== undefined) patch.undeliveredShare = a.undeliveredPercent / 100;
      if (a.expiredPercent !== undefined) patch.expiredShare = a.expiredPercent / 100;
      if (a.moEverySeconds !== undefined) patch.moEverySeconds = a.moEverySeconds;
      d.setBehaviour(patch);
      return d.status();
    },
    'demo.sendMo': async (a) => {
      await demo().sendMo({ from: a.from, text: a.text, ...(a.ext !== undefined ? { ext: a.ext } : {}) });
      return null;
    },
  };
}
