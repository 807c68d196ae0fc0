// The store as one object: the database file with every repository over it. The app (main.ts) and
// the CLI open it once per process and close it on quit.
import type Database from 'better-sqlite3';
import { Accounts } from './accounts.js';
import { AuditLog } from './audit.js';
import { AutoReplies } from './auto-replies.js';
import { Campaigns } from './campaigns.js';
import type { SecretCipher } from './cipher.js';
import { Contacts } from './contacts.js';
import { checkIntegrity, closeDatabase, openDatabase, type IntegrityReport, type OpenOptions } from './database.js';
import { DeliveryLog } from './log/delivery-log.js';
import { WalSync } from './durability.js';
import { Inbox } from './inbox.js';
import { InboxSearch } from './inbox-search.js';
import { Leases } from './leases.js';
import { OptOuts } from './opt-out.js';
import { Outbox } from './outbox.js';
import { QuickReplies } from './quick-replies.js';
import { Reports } from './reports.js';
import { Statistics } from './statistics/statistics.js';
import { Templates } from './templates.js';
import { writeTransaction } from './transactions.js';

export interface StoreOptions extends OpenOptions {
  path: string;
  /** Required: there is no default cipher, so secrets are never silently stored in clear. */
  cipher: SecretCipher;
  /**
   * Ciphers secrets may have been written with before (e.g. the CLI's LocalKeyCipher when the app
   * with safeStorage takes a database over): such secrets are re-encrypted with `cipher` at open.
   * Any other cipher name still refuses the open.
   */
  previousCiphers?: readonly SecretCipher[];
  /** Window in which a resent DELIVER (report or MO) is recognised. Default 7 days. */
  duplicateWindowMs?: number;
  /**
   * Default true: durable() waits for the disk. false makes durable() resolve at once, so the
   * engine acknowledges commits a power loss may still take back: only the benchmark uses it, to
   * print the figures without the barrier beside the shipped ones.
   */
  syncBeforeAck?: boolean;
}

export class Store {
  readonly accounts: Accounts;
  readonly contacts: Contacts;
  readonly templates: Templates;
  readonly campaigns: Campaigns;
  readonly outbox: Outbox;
  readonly reports: Reports;
  readonly log: DeliveryLog;
  readonly inbox: Inbox;
  readonly inboxSearch: InboxSearch;
  readonly autoReplies: AutoReplies;
  readonly quickReplies: QuickReplies;
  readonly optOuts: OptOuts;
  readonly audit: AuditLog;
  readonly leases: Leases;
  readonly statistics: Statistics;
  private readonly walSync: WalSync;

  private constructor(
    readonly db: Database.Database,
    readonly path: string,
    cipher: SecretCipher,
    duplicateWindowMs: number | undefined,
    walSync: WalSync,
  ) {
    this.walSync = walSync;
    this.accounts = new Accounts(db, cipher);
    this.contacts = new Contacts(db);
    this.templates = new Templates(db);
    this.campaigns = new Campaigns(db, this.accounts);
    this.outbox = new Outbox(db);
    this.reports = new Reports(db, this.outbox, { duplicateWindowMs });
    this.log = new DeliveryLog(db);
    this.inbox = new Inbox(db, { duplicateWindowMs });
    this.inboxSearch = new InboxSearch(db);
    this.autoReplies = new AutoReplies(db);
    this.quickReplies = new QuickReplies(db);
    this.optOuts = new OptOuts(db);
    this.audit = new AuditLog(db);
    this.leases = new Leases(db);
    this.statistics = new Statistics(db);
  }

  /**
   * Opens (creating and migrating as needed) the database. Throws SchemaTooNewError for a file
   * from a newer build and CipherMismatchError when its secrets were written with another cipher.
   */
  static open(options: StoreOptions): Store {
    if (!options.cipher) throw new TypeError('Store.open needs a cipher (LocalKeyCipher, safeStorage, or an explicit PlaintextCipher)');
    const db = openDatabase(options.path, options);
    try {
      // With synchronous=FULL every commit is synced before it returns: no barrier needed.
      const barrier = options.syncBeforeAck !== false && options.synchronous !== 'FULL';
      const store = new Store(db, options.path, options.cipher, options.duplicateWindowMs, new WalSync(options.path, barrier));
      for (const previous of options.previousCiphers ?? []) {
        if (previous.name !== options.cipher.name) store.accounts.reencryptFrom(previous);
      }
      store.accounts.assertCipher();
      return store;
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** Runs fn in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return writeTransaction(this.db, fn);
  }

  /**
   * Resolves once every commit made before the call is on disk (a power loss or OS crash keeps
   * it). Commits are not synced one by one (WAL, synchronous=NORMAL); concurrent callers share one
   * sync (electron/store/durability.ts explains why this covers every earlier commit).
   */
  durable(): Promise<void> {
    return this.walSync.durable();
  }

  /** Syncs completed by durable() so far. */
  get durableSyncs(): number {
    return this.walSync.syncs;
  }

  /** Their total time, from the call to the sync's return (the benchmark prints the mean). */
  get durableSyncMs(): number {
    return this.walSync.syncMs;
  }

  integrityCheck(): IntegrityReport {
    return checkIntegrity(this.db);
  }

  close(): void {
    // The -wal descriptor first: the final checkpoint syncs everything, and SQLite may then
    // delete the -wal file (Windows cannot while another handle holds it).
    this.walSync.close();
    this.log.close();
    closeDatabase(this.db);
  }
}
