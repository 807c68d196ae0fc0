// What an archive conversion is (registry.ts lists them and says how to add one).

/** The archive tables whose ids the upgrade verifies (report_origins is a handful of shared rows). */
export const VERIFIED_TABLES = ['messages', 'segments', 'status_reports'] as const;
export type VerifiedTable = (typeof VERIFIED_TABLES)[number];

export interface ArchiveConversion {
  /** The schema version (the migration's) this conversion brings an archive to. */
  readonly version: number;
  readonly name: string;
  /** Literal SQL: creates the changed tables in `main` from the previous version's `old`. */
  readonly build: string;
  /** Literal SQL run after the unchanged tables were carried over (their indexes). */
  readonly finish?: string;
  /** Tables of the previous version this one no longer has (renamed or gone): not carried over. */
  readonly dropped?: readonly string[];
  /**
   * Per table, an SQL query over `old` listing the ids the new table must hold, where they are
   * not simply `SELECT id FROM old.<table>`; null: the table is gone.
   */
  readonly expectedIds?: Partial<Record<VerifiedTable, string | null>>;
}
