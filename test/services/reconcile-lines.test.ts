// The reconciliation rules one by one (docs/protocol.md "Gateway counters and reconciliation"):
// which of our figures each counter stands beside, which causes account for how much of a
// difference, what stays unexplained; and every cause has its words in both languages.
import { describe, expect, it } from 'vitest';
import { ourDayFigures } from '../../electron/services/statistics/reconcile-figures.js';
import { reconcileLines } from '../../electron/services/statistics/reconcile-lines.js';
import { sharedEn, sharedZhCN } from '../../shared/i18n/catalogue.js';
import { QUERY_COUNTERS, type QueryCounts } from '../../shared/query-counter.js';
import { RECONCILE_CAUSES, reconcileDay, type OurDayFigures, type ReconcileLine } from '../../shared/reconcile.js';
import { emptyCounters, type StatisticsGroup } from '../../shared/statistics.js';

const ours = (o: Partial<OurDayFigures> = {}): OurDayFigures => ({
  messages: 100, segments: 100, billed: 100, pdus: 100, refused: 0, flowControlled: null, delivered: 100, failed: 0, unknown: 0,
  awaitingReport: 0, noReportRequested: 0, inDoubt: 0, unmatchedDelivered: 0, unmatchedFailed: 0, moReceived: 2, ...o,
});
const gw = (g: Partial<QueryCounts> = {}): QueryCounts => ({ MT_TLMsg: 100, MT_Tlusr: 100, MT_Scs: 100, MT_WT: 0, MT_FL: 0, MO_Scs: 2, MO_WT: 0, MO_FL: 0, ...g });
const ctx = { maxSends: 3 };
const of = (lines: ReconcileLine[], c: ReconcileLine['counter']) => lines.find((l) => l.counter === c)!;

describe('reconcileLines', () => {
  it('a clean day: every line equal, no causes', () => {
    const lines = reconcileLines(gw(), ours(), ctx);
    expect(lines.map((l) => l.counter)).toEqual([...QUERY_COUNTERS]);
    expect(lines.every((l) => l.status === 'equal' && l.causes.length === 0)).toBe(true);
  });

  it('refusals count as received and failed on both sides', () => {
    const lines = reconcileLines(gw({ MT_TLMsg: 103, MT_Tlusr: 103, MT_FL: 3 }), ours({ refused: 3, pdus: 103 }), ctx);
    expect(lines.every((l) => l.status === 'equal')).toBe(true);
  });

  it('reports the gateway sent that have not arrived: MT_WT lower there, MT_Scs higher', () => {
    const lines = reconcileLines(gw({ MT_Scs: 100, MT_WT: 2 }), ours({ delivered: 96, awaitingReport: 6 }), ctx);
    expect(of(lines, 'MT_WT')).toMatchObject({ difference: -4, status: 'explained', causes: [{ code: 'reports-pending', count: 6 }, { code: 'reports-in-transit', count: 4 }] });
    expect(of(lines, 'MT_Scs')).toMatchObject({ difference: 4, status: 'explained', causes: [{ code: 'reports-in-transit', count: 4 }] });
  });

  it('in doubt: up to the sends per PDU each; beyond that another sender', () => {
    const a = reconcileLines(gw({ MT_TLMsg: 106, MT_Tlusr: 106, MT_WT: 6 }), ours({ inDoubt: 2 }), ctx);
    expect(of(a, 'MT_Tlusr')).toMatchObject({ difference: 6, status: 'explained', causes: [{ code: 'in-doubt', count: 2, max: 6 }] });
    expect(of(a, 'MT_WT')).toMatchObject({ difference: 6, status: 'explained' });
    const b = reconcileLines(gw({ MT_TLMsg: 110, MT_Tlusr: 110, MT_Scs: 110 }), ours({ inDoubt: 2 }), ctx);
    expect(of(b, 'MT_Tlusr').causes).toEqual([{ code: 'in-doubt', count: 2, max: 6 }, { code: 'other-senders', count: 4 }]);
    expect(of(b, 'MT_Scs')).toMatchObject({ difference: 10, status: 'unexplained' });
  });

  it('an excess received and failed only, without our Result 8 count: flow control, not another sender', () => {
    const lines = reconcileLines(gw({ MT_TLMsg: 104, MT_Tlusr: 104, MT_FL: 4 }), ours(), ctx);
    for (const c of ['MT_TLMsg', 'MT_Tlusr', 'MT_FL'] as const) expect(of(lines, c)).toMatchObject({ difference: 4, status: 'explained', causes: [{ code: 'uncounted-flow-control', count: 4 }] });
    // Counted on our side: the same excess is then somebody else's.
    const counted = reconcileLines(gw({ MT_TLMsg: 104, MT_Tlusr: 104, MT_FL: 4 }), ours({ flowControlled: 0 }), ctx);
    expect(of(counted, 'MT_FL').causes).toEqual([{ code: 'other-senders', count: 4 }]);
  });

  it('no report requested: only the gateway knows the outcome', () => {
    const lines = reconcileLines(gw({ MT_TLMsg: 105, MT_Tlusr: 105, MT_Scs: 105 }), ours({ segments: 105, pdus: 105, noReportRequested: 5 }), ctx);
    expect(of(lines, 'MT_Tlusr').status).toBe('equal');
    expect(of(lines, 'MT_Scs')).toMatchObject({ difference: 5, status: 'explained', causes: [{ code: 'no-report', count: 5 }] });
  });

  it('the gateway counting less than we have is unexplained; MOs not yet answered there are not', () => {
    const lines = reconcileLines(gw({ MT_Scs: 98, MO_Scs: 1, MO_WT: 1 }), ours(), ctx);
    expect(of(lines, 'MT_Scs')).toMatchObject({ difference: -2, status: 'unexplained', causes: [] });
    expect(of(lines, 'MO_Scs')).toMatchObject({ difference: -1, status: 'explained', causes: [{ code: 'mo-in-transit', count: 1 }] });
    expect(of(lines, 'MO_WT')).toMatchObject({ difference: 1, status: 'explained' });
  });

  it('PDUs not counted: MT_TLMsg is shown, not compared', () => {
    const lines = reconcileLines(gw({ MT_TLMsg: 40 }), ours({ pdus: null }), ctx);
    expect(of(lines, 'MT_TLMsg')).toEqual({ counter: 'MT_TLMsg', gateway: 40, ours: null, difference: 0, status: 'uncounted', causes: [] });
  });

  it('every cause and line state has its words in Chinese and English', () => {
    for (const code of RECONCILE_CAUSES) {
      expect(sharedZhCN).toHaveProperty([`reconcile.cause.${code}`]);
      expect(sharedEn).toHaveProperty([`reconcile.cause.${code}`]);
    }
    for (const c of QUERY_COUNTERS) expect(sharedEn).toHaveProperty([`gatewayCounter.${c}`]);
  });
});

describe('reconcileDay', () => {
  it('takes YYYY-MM-DD and YYYYMMDD calendar days only', () => {
    expect(reconcileDay('2026-12-06')).toBe('20261206');
    expect(reconcileDay('20261206')).toBe('20261206');
    for (const bad of ['2026-02-30', '2026-1206', '202612-06', '1999-12-31', '2026-12-6', ' 20261206', '']) expect(reconcileDay(bad), bad).toBeNull();
  });
});

describe('ourDayFigures', () => {
  /** A by-reason group of sent messages: `n` messages of `segs` segments each. */
  const group = (key: string, n: number, segs = 1): StatisticsGroup => ({ ...emptyCounters(), key, name: null, messages: n, submitted: n, segmentsSubmitted: n * segs, billed: key.startsWith('failed/result/') ? 0 : n * segs });
  const facts = { awaitingReport: 3, unmatchedDelivered: 1, unmatchedFailed: 2, moParts: 5 };

  it('counts segments by what the gateway saw: accepted, refused, in doubt; never-sent failures left out', () => {
    const o = ourDayFigures(
      [
        group('delivered/stat/DELIVRD', 10, 2),
        group('failed/stat/UNDELIV', 2),
        group('failed/result/13', 1),
        group('failed/reason/dropped-in-doubt', 1),
        group('in_doubt/reason/', 2),
        group('failed/reason/unsendable', 4),
        group('unknown/reason/report-wait-expired', 1),
        group('submitted/reason/', 4),
        group('cancelled/reason/withdrawn', 1),
        group('skipped/reason/opt-out', 7),
        group('mo/reason/opt_out', 1),
      ],
      facts,
      1,
    );
    expect(o).toEqual({
      messages: 18, segments: 28, billed: 28, pdus: 29, refused: 1, flowControlled: null, delivered: 20, failed: 3, unknown: 1,
      awaitingReport: 3, noReportRequested: 1, inDoubt: 3, unmatchedDelivered: 1, unmatchedFailed: 2, moReceived: 5,
    });
    expect(ourDayFigures([group('delivered/stat/DELIVRD', 4)], facts, 50).pdus).toBeNull();
  });
});
