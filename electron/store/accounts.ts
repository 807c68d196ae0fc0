// Gateway accounts. The secret is encrypted by the SecretCipher and never leaves this module except
// through getSecret(); Account objects carry no secret so they can go to the renderer.
import type Database from 'better-sqlite3';
import { ACCOUNT_DEFAULTS, ACCOUNT_LIMITS, ENGINE_TIMER_MIN_MS, feeFieldDetail, feeFieldProblem } from '../../shared/account-defaults.js';
import { detail, shownValue } from '../../shared/error-detail.js';
import type { SecretCipher } from './cipher.js';
import { CipherMismatchError, conflict, invalid, notFound } from './errors.js';
import { checkAscii, checkFee, checkInt, checkText, type FeeFields } from './validate.js';
import { writeTransaction } from './transactions.js';

export type CmppVersion = '2.0' | '3.0';
export type SignaturePosition = 'prefix' | 'suffix';

export interface AccountSettings extends FeeFields {
  name: string;
  host: string;
  port: number;
  version: CmppVersion;
  /** SP_Id / Source_Addr, 6 characters at most (docs/protocol.md "Message bodies" CONNECT). */
  spId: string;
  serviceId: string;
  /** Src_Id with extension, 21 characters at most. */
  srcId: string;
  connections: number;
  /** Requests awaiting responses per connection (docs/protocol.md "Timers and flow control": W = 16). */
  window: number;
  /** Messages per second as the gateway counts them (PDUs x destinations, docs/protocol.md "Timers and flow control"). */
  rate: number;
  /** 1..99 (docs/protocol.md "Group sends": DestUsr_tl < 100). */
  destsPerSubmit: number;
  /** C, T, N of docs/protocol.md "Timers and flow control". */
  activeTestIntervalMs: number;
  responseTimeoutMs: number;
  maxSends: number;
  tls: boolean;
  /** Reject a wrong AuthenticatorISMG instead of warning (docs/protocol.md "Authenticators"). */
  strictAuthenticator: boolean;
  /** e.g. 【某某公司】; '' when none. Counted by the splitter and the preview. */
  signature: string;
  signaturePosition: SignaturePosition;
  /** Text the gateway appends after our split (e.g. 回T退订), counted by the preview (docs/protocol.md "Long messages and encodings"). */
  gatewayAppends: string;
  /** 0 no report, 1 report (default), 2 billing report only (2.0). */
  registeredDelivery: number;
  maxSegments: number;
  /** Send Chinese text as GBK (Msg_Fmt 15) rather than UCS2: only when the gateway asks (docs/protocol.md "Long messages and encodings"). */
  useGbk: boolean;
  /** How long to wait for a status report before a segment becomes unknown (docs/protocol.md "Message bodies": 48 h). */
  reportWaitMs: number;
}

export interface Account extends AccountSettings {
  id: number;
  /** Name of the cipher that wrote the stored secret. */
  secretCipher: string;
  createdAt: number;
  updatedAt: number;
}

/** What a caller must give; everything else has the defaults below. */
export type AccountInput = Pick<AccountSettings, 'name' | 'host' | 'port' | 'version' | 'spId' | 'serviceId' | 'srcId'> &
  Partial<AccountSettings> & { secret: string };

export type AccountPatch = Partial<AccountSettings> & { secret?: string };

/** What a new account starts with (shared/account-defaults.ts: the Settings editor shows the same). */
export function accountDefaults(_version: CmppVersion): Omit<AccountSettings, 'name' | 'host' | 'port' | 'version' | 'spId' | 'serviceId' | 'srcId'> {
  const { port: _port, ...rest } = ACCOUNT_DEFAULTS;
  return { ...rest };
}

interface AccountRow {
  id: number;
  name: string;
  host: string;
  port: number;
  version: CmppVersion;
  sp_id: string;
  secret_cipher: string;
  service_id: string;
  src_id: string;
  connections: number;
  window_size: number;
  rate: number;
  dests_per_submit: number;
  active_test_interval_ms: number;
  response_timeout_ms: number;
  max_sends: number;
  tls: number;
  strict_authenticator: number;
  signature: string;
  signature_position: SignaturePosition;
  gateway_appends: string;
  fee_type: string;
  fee_code: string;
  fee_user_type: number;
  fee_terminal_id: string;
  registered_delivery: number;
  max_segments: number;
  use_gbk: number;
  report_wait_ms: number;
  created_at: number;
  updated_at: number;
}

const columns = `id, name, host, port, version, sp_id, secret_cipher, service_id, src_id, connections, window_size,
  rate, dests_per_submit, active_test_interval_ms, response_timeout_ms, max_sends, tls, strict_authenticator,
  signature, signature_position, gateway_appends, fee_type, fee_code, fee_user_type, fee_terminal_id,
  registered_delivery, max_segments, use_gbk, report_wait_ms, created_at, updated_at`;

function fromRow(r: AccountRow): Account {
  return {
    id: r.id,
    name: r.name,
    host: r.host,
    port: r.port,
    version: r.version,
    spId: r.sp_id,
    secretCipher: r.secret_cipher,
    serviceId: r.service_id,
    srcId: r.src_id,
    connections: r.connections,
    window: r.window_size,
    rate: r.rate,
    destsPerSubmit: r.dests_per_submit,
    activeTestIntervalMs: r.active_test_interval_ms,
    responseTimeoutMs: r.response_timeout_ms,
    maxSends: r.max_sends,
    tls: r.tls === 1,
    strictAuthenticator: r.strict_authenticator === 1,
    signature: r.signature,
    signaturePosition: r.signature_position,
    gatewayAppends: r.gateway_appends,
    feeType: r.fee_type,
    feeCode: r.fee_code,
    feeUserType: r.fee_user_type,
    feeTerminalId: r.fee_terminal_id,
    registeredDelivery: r.registered_delivery,
    maxSegments: r.max_segments,
    useGbk: r.use_gbk === 1,
    reportWaitMs: r.report_wait_ms,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Validates a complete settings object; throws StoreError('invalid-input') naming the field. */
export function validateAccount(s: AccountSettings): void {
  checkText(s.name, 'account name', 1, 64);
  checkText(s.host, 'host', 1, 253);
  const L = ACCOUNT_LIMITS;
  checkInt(s.port, 'port', L.port.min, L.port.max);
  if (s.version !== '2.0' && s.version !== '3.0') throw invalid(`version must be '2.0' or '3.0', got ${String(s.version)}`, detail('not-in-set', 'version', { allowed: '2.0 / 3.0', value: shownValue(s.version) }));
  checkAscii(s.spId, 'SP_Id', 1, 6);
  checkAscii(s.serviceId, 'Service_Id', 0, 10);
  checkAscii(s.srcId, 'Src_Id', 1, 21);
  checkInt(s.connections, 'connections', L.connections.min, L.connections.max);
  checkInt(s.window, 'window', L.window.min, L.window.max);
  checkInt(s.rate, 'rate', L.rate.min, L.rate.max);
  checkInt(s.destsPerSubmit, 'destinations per SUBMIT', L.destsPerSubmit.min, L.destsPerSubmit.max);
  checkInt(s.activeTestIntervalMs, 'active test interval (C)', ENGINE_TIMER_MIN_MS, L.activeTestIntervalMs.max);
  checkInt(s.responseTimeoutMs, 'response timeout (T)', ENGINE_TIMER_MIN_MS, L.responseTimeoutMs.max);
  checkInt(s.maxSends, 'max sends (N)', L.maxSends.min, L.maxSends.max);
  if (typeof s.tls !== 'boolean') throw invalid('tls must be true or false', detail('expected-boolean', 'tls'));
  if (typeof s.strictAuthenticator !== 'boolean') throw invalid('strictAuthenticator must be true or false', detail('expected-boolean', 'strictAuthenticator'));
  checkText(s.signature, 'signature', L.signature.min, L.signature.max);
  if (s.signaturePosition !== 'prefix' && s.signaturePosition !== 'suffix') {
    throw invalid(`signature position must be 'prefix' or 'suffix', got ${String(s.signaturePosition)}`, detail('not-in-set', 'signature position', { allowed: 'prefix / suffix', value: shownValue(s.signaturePosition) }));
  }
  checkText(s.gatewayAppends, 'text the gateway appends', L.gatewayAppends.min, L.gatewayAppends.max);
  checkFee(s, s.version);
  const rdProblem = feeFieldProblem('registeredDelivery', s.registeredDelivery, s.version);
  if (rdProblem) throw invalid(rdProblem, feeFieldDetail('registeredDelivery', s.registeredDelivery, s.version));
  checkInt(s.maxSegments, 'max segments', L.maxSegments.min, L.maxSegments.max);
  if (typeof s.useGbk !== 'boolean') throw invalid('useGbk must be true or false', detail('expected-boolean', 'useGbk'));
  checkInt(s.reportWaitMs, 'report wait', ENGINE_TIMER_MIN_MS, L.reportWaitMs.max);
}

export class Accounts {
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly byName: Database.Statement;
  private readonly all: Database.Statement;
  private readonly secretOf: Database.Statement;
  private readonly setSecret: Database.Statement;
  private readonly del: Database.Statement;
  private readonly ciphersInUse: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly cipher: SecretCipher,
  ) {
    // Never a removed account's id: its statistics stay under it (docs/glossary.md "Statistics").
    this.insert = db.prepare(`INSERT INTO accounts (id, name, host, port, version, sp_id, secret, secret_cipher, service_id, src_id,
      connections, window_size, rate, dests_per_submit, active_test_interval_ms, response_timeout_ms, max_sends, tls,
      strict_authenticator, signature, signature_position, gateway_appends, fee_type, fee_code, fee_user_type,
      fee_terminal_id, registered_delivery, max_segments, use_gbk, report_wait_ms, created_at, updated_at)
      VALUES (max(coalesce((SELECT max(id) FROM accounts), 0), coalesce((SELECT max(account_id) FROM statistics_daily), 0)) + 1, @name, @host, @port, @version, @spId, @secret, @secretCipher, @serviceId, @srcId, @connections, @window,
      @rate, @destsPerSubmit, @activeTestIntervalMs, @responseTimeoutMs, @maxSends, @tls, @strictAuthenticator,
      @signature, @signaturePosition, @gatewayAppends, @feeType, @feeCode, @feeUserType, @feeTerminalId,
      @registeredDelivery, @maxSegments, @useGbk, @reportWaitMs, @now, @now)`);
    this.update = db.prepare(`UPDATE accounts SET name = @name, host = @host, port = @port, version = @version,
      sp_id = @spId, service_id = @serviceId, src_id = @srcId, connections = @connections, window_size = @window,
      rate = @rate, dests_per_submit = @destsPerSubmit, active_test_interval_ms = @activeTestIntervalMs,
      response_timeout_ms = @responseTimeoutMs, max_sends = @maxSends, tls = @tls,
      strict_authenticator = @strictAuthenticator, signature = @signature, signature_position = @signaturePosition,
      gateway_appends = @gatewayAppends, fee_type = @feeType, fee_code = @feeCode, fee_user_type = @feeUserType,
      fee_terminal_id = @feeTerminalId, registered_delivery = @registeredDelivery, max_segments = @maxSegments,
      use_gbk = @useGbk, report_wait_ms = @reportWaitMs, updated_at = @now WHERE id = @id`);
    this.byId = db.prepare(`SELECT ${columns} FROM accounts WHERE id = ?`);
    this.byName = db.prepare(`SELECT ${columns} FROM accounts WHERE name = ?`);
    this.all = db.prepare(`SELECT ${columns} FROM accounts ORDER BY name`);
    this.secretOf = db.prepare('SELECT name, secret, secret_cipher FROM accounts WHERE id = ?');
    this.setSecret = db.prepare('UPDATE accounts SET secret = ?, secret_cipher = ?, updated_at = ? WHERE id = ?');
    this.del = db.prepare('DELETE FROM accounts WHERE id = ?');
    this.ciphersInUse = db.prepare('SELECT DISTINCT secret_cipher AS c FROM accounts');
  }

  /** The cipher this repository encrypts with. */
  get cipherName(): string {
    return this.cipher.name;
  }

  /**
   * Throws CipherMismatchError when any stored secret was written with another cipher. Called
   * when the store opens, so a mismatch is reported at once, not at the first login.
   */
  assertCipher(): void {
    for (const { c } of this.ciphersInUse.all() as { c: string }[]) {
      if (c !== this.cipher.name) throw new CipherMismatchError(c, this.cipher.name, 'a gateway secret in this database');
    }
  }

  create(input: AccountInput, now = Date.now()): Account {
    const { secret, ...rest } = input;
    const settings: AccountSettings = { ...accountDefaults(input.version), ...(stripUndefined(rest) as typeof rest) };
    validateAccount(settings);
    checkSecret(secret);
    if (this.byName.get(settings.name)) throw conflict(`an account named "${settings.name}" already exists`, detail('account-name-taken', 'name', { name: settings.name }));
    const info = this.insert.run({
      ...bindable(settings),
      secret: this.cipher.encrypt(secret),
      secretCipher: this.cipher.name,
      now,
    });
    return this.get(Number(info.lastInsertRowid));
  }

  get(id: number): Account {
    const row = this.byId.get(id) as AccountRow | undefined;
    if (!row) throw notFound(`account ${id} does not exist`);
    return fromRow(row);
  }

  findByName(name: string): Account | null {
    const row = this.byName.get(name) as AccountRow | undefined;
    return row ? fromRow(row) : null;
  }

  list(): Account[] {
    return (this.all.all() as AccountRow[]).map(fromRow);
  }

  /** Changes settings; a `secret` in the patch is re-encrypted with this store's cipher. */
  patch(id: number, patch: AccountPatch, now = Date.now()): Account {
    const current = this.get(id);
    const { secret, ...rest } = patch;
    const next: AccountSettings = { ...current, ...stripUndefined(rest) };
    validateAccount(next);
    const other = this.findByName(next.name);
    if (other && other.id !== id) throw conflict(`an account named "${next.name}" already exists`, detail('account-name-taken', 'name', { name: next.name }));
    writeTransaction(this.db, () => {
      this.update.run({ ...bindable(next), id, now });
      if (secret !== undefined) {
        checkSecret(secret);
        this.setSecret.run(this.cipher.encrypt(secret), this.cipher.name, now, id);
      }
    });
    return this.get(id);
  }

  /** The shared secret in clear, for the login. Refuses a secret written with another cipher. */
  getSecret(id: number): string {
    const row = this.secretOf.get(id) as { name: string; secret: Buffer; secret_cipher: string } | undefined;
    if (!row) throw notFound(`account ${id} does not exist`);
    if (row.secret_cipher !== this.cipher.name) {
      throw new CipherMismatchError(row.secret_cipher, this.cipher.name, `the secret of account "${row.name}"`);
    }
    return this.cipher.decrypt(row.secret);
  }

  /**
   * Re-encrypts every secret written with `from` using this store's cipher, e.g. when moving a CLI
   * database (local key file) into the app (safeStorage). Returns how many were converted.
   */
  reencryptFrom(from: SecretCipher, now = Date.now()): number {
    const rows = this.db.prepare('SELECT id, secret FROM accounts WHERE secret_cipher = ?').all(from.name) as { id: number; secret: Buffer }[];
    writeTransaction(this.db, () => {
      for (const r of rows) this.setSecret.run(this.cipher.encrypt(from.decrypt(r.secret)), this.cipher.name, now, r.id);
    });
    return rows.length;
  }

  /** Deletes an account; refused (conflict) while campaigns, messages or reports refer to it. */
  remove(id: number): void {
    try {
      const info = this.del.run(id);
      if (info.changes === 0) throw notFound(`account ${id} does not exist`);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw conflict(`account ${id} still has campaigns, messages or reports; it cannot be deleted`, detail('account-in-use', undefined, { id }));
      }
      throw e;
    }
  }
}

function checkSecret(secret: string): void {
  checkText(secret, 'secret', 1, 64);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Settings as named parameters (booleans as 0/1; only the fields the statements use). */
function bindable(s: AccountSettings): Record<string, string | number> {
  return {
    name: s.name,
    host: s.host,
    port: s.port,
    version: s.version,
    spId: s.spId,
    serviceId: s.serviceId,
    srcId: s.srcId,
    connections: s.connections,
    window: s.window,
    rate: s.rate,
    destsPerSubmit: s.destsPerSubmit,
    activeTestIntervalMs: s.activeTestIntervalMs,
    responseTimeoutMs: s.responseTimeoutMs,
    maxSends: s.maxSends,
    tls: s.tls ? 1 : 0,
    strictAuthenticator: s.strictAuthenticator ? 1 : 0,
    signature: s.signature,
    signaturePosition: s.signaturePosition,
    gatewayAppends: s.gatewayAppends,
    feeType: s.feeType,
    feeCode: s.feeCode,
    feeUserType: s.feeUserType,
    feeTerminalId: s.feeTerminalId,
    registeredDelivery: s.registeredDelivery,
    maxSegments: s.maxSegments,
    useGbk: s.useGbk ? 1 : 0,
    reportWaitMs: s.reportWaitMs,
  };
}
