// The contract's result types are the services' own types (one definition each): these assertions
// are checked by `npm run typecheck`, so a second copy that drifts from the first (a field added to
// one, a "View" twin with a field-by-field copy) fails to compile. The runtime body only makes
// vitest count the file.
import { describe, expectTypeOf, it } from 'vitest';
import type { ContactImportPreview } from '../../electron/services/contacts/contacts-import.js';
import type { DemoBehaviour, DemoStatus } from '../../electron/services/demo/demo-gateway.js';
import type { InboxService } from '../../electron/services/inbox/inbox.js';
import type { FeedBatch } from '../../electron/services/inbox/live-feed.js';
import type { SendingSettings } from '../../electron/services/settings/settings.js';
import type { queryStatistics, StatisticsRequest } from '../../electron/services/statistics/statistics.js';
import type { WorkspaceEvents } from '../../electron/services/workspace.js';
import type { DeliveryLog } from '../../electron/store/log/delivery-log.js';
import type { LogViews } from '../../electron/store/log/views.js';
import type { InboxMessage } from '../../shared/inbox-message.js';
import type { ArgsOf, PayloadOf, ResultOf } from '../../shared/ipc/contract.js';
import type { LogEntry, LogRow } from '../../shared/ipc/contract/log.js';
import type { SendingRules } from '../../shared/ipc/contract/settings.js';

describe('result types: the contract carries what the services return', () => {
  it('an MO message: the store, the inbox service, the CLI and inbox.conversation', () => {
    expectTypeOf<ReturnType<InboxService['get']>>().toEqualTypeOf<InboxMessage>();
    expectTypeOf<ResultOf<'inbox.conversation'>['mos'][number]>().toEqualTypeOf<InboxMessage>();
  });

  it('a live MO: the live feed publishes what live.mos carries', () => {
    expectTypeOf<FeedBatch['mos'][number]>().toEqualTypeOf<PayloadOf<'live.mos'>>();
  });

  it('the sending rules: the settings service stores them, rules.get/rules.update carry them', () => {
    expectTypeOf<Omit<SendingSettings, 'moReassemblyTimeoutMs' | 'reportSweepIntervalMs'>>().toEqualTypeOf<SendingRules>();
    expectTypeOf<ResultOf<'rules.get'>>().toEqualTypeOf<SendingRules>();
    expectTypeOf<ResultOf<'rules.update'>>().toEqualTypeOf<SendingRules>();
  });

  it('the demo gateway: status and behaviour', () => {
    expectTypeOf<ResultOf<'demo.status'>>().toEqualTypeOf<DemoStatus | null>();
    expectTypeOf<ResultOf<'demo.setBehaviour'>['behaviour']>().toEqualTypeOf<DemoBehaviour>();
  });

  it('import counts: the preview carries the import run\'s counts', () => {
    expectTypeOf<ResultOf<'contacts.previewImport'>['counts']>().toEqualTypeOf<ContactImportPreview['counts']>();
  });

  it('the delivery log: one filter for the views, the search and the export; the entry the store reads is the row log.page carries', () => {
    expectTypeOf<Parameters<LogViews['open']>[0]>().toEqualTypeOf<ArgsOf<'log.open'>['filter']>();
    expectTypeOf<Parameters<DeliveryLog['search']>[0]>().toEqualTypeOf<ArgsOf<'log.open'>['filter']>();
    expectTypeOf<Parameters<DeliveryLog['exportReader']>[0]>().toEqualTypeOf<ArgsOf<'log.open'>['filter']>();
    expectTypeOf<Awaited<ReturnType<LogViews['page']>>['rows'][number]>().toEqualTypeOf<LogEntry>();
    expectTypeOf<ReturnType<DeliveryLog['detail']>['message']>().toEqualTypeOf<LogEntry>();
    expectTypeOf<ResultOf<'log.page'>['rows'][number]>().toEqualTypeOf<LogRow>();
  });

  it('the engine log: the Workspace emits what live.log carries', () => {
    expectTypeOf<WorkspaceEvents['log'][0]>().toEqualTypeOf<PayloadOf<'live.log'>>();
  });

  it('statistics: statistics.query carries what the service returns, and its arguments are a request the service takes', () => {
    expectTypeOf<ResultOf<'statistics.query'>>().toEqualTypeOf<ReturnType<typeof queryStatistics>>();
    expectTypeOf<ArgsOf<'statistics.query'>>().toExtend<StatisticsRequest>();
  });
});
