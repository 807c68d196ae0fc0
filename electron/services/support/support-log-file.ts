// The support log as files: <dir>/logs/<name>.log, rotated by size (<name>.1.log is the previous
// file, up to maxFiles in all), one line per entry (log-line.ts).
//
// The engine must never wait for or fail because of its log: an entry is formatted at once
// (so the caller's objects may change afterwards) and queued; one asynchronous writer appends
// the queue in batches. Every file-system error is swallowed: a full disk or a removed folder loses
// log lines (counted, and said in the file once writing works again), never engine work. The
// queue is bounded, so a stuck disk cannot grow memory either.
//
// Several processes may log into one folder (the app and a scheduled CLI run share the data
// directory), so each kind of process has its own file name, and a writer that finds its file
// renamed by another process's rotation reopens the path instead of rotating again.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, writeSync, openSync, closeSync } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLine } from './log-line.js';
import { DEFAULT_LOG_LEVEL, isLogLevel, levelEnabled, type LogFields, type LogLevel, type SupportLog } from './support-log.js';

export interface SupportLogOptions {
  /** File name without extension: 'desk' (the app), 'cli', 'web' (browser mode). Default 'desk'. */
  name?: string;
  /** Start level; default the level saved in the folder (setLevel persists it), else 'info'. */
  level?: LogLevel;
  /** Rotate when the file would pass this size. Default 5 MB. */
  maxBytes?: number;
  /** Files kept including the current one. Default 5. */
  maxFiles?: number;
  /** Queued bytes beyond which new entries are dropped (counted). Default 4 MB. */
  maxQueuedBytes?: number;
  now?: () => Date;
  /**
   * Keep entries in memory (bounded) and create nothing on disk until release(): the CLI logs
   * before it knows the database's folder is ours to write in; close() while held drops them.
   */
  hold?: boolean;
}

export interface FileSupportLog extends SupportLog {
  child(fields: LogFields): SupportLog;
  readonly dir: string;
  /** The file being written now. */
  readonly file: string;
  readonly level: LogLevel;
  /** Changes the level now; persist (default true) saves it for the next start in this folder. */
  setLevel(level: LogLevel, persist?: boolean): void;
  /** Lines lost so far (disk full, folder gone, queue full). */
  readonly dropped: number;
  /** This log's files that exist now, oldest first (the rotated ones, then the current one). */
  files(): string[];
  /** Starts writing entries kept by `hold`. */
  release(): void;
  /** Resolves once everything queued so far is written (or dropped). */
  flush(): Promise<void>;
  /** Writes what is queued synchronously: for process 'exit' handlers only. */
  flushSync(): void;
  /** Flushes and closes the file; later entries are ignored. */
  close(): Promise<void>;
}

const LEVEL_FILE = 'log-level.json';

/** The folder holding the log files of a data directory. */
export function supportLogDir(dataDir: string): string {
  return join(dataDir, 'logs');
}

function savedLevel(dir: string): LogLevel | null {
  try {
    const v = (JSON.parse(readFileSync(join(dir, LEVEL_FILE), 'utf8')) as { level?: unknown }).level;
    return isLogLevel(v) ? v : null;
  } catch {
    return null;
  }
}

class FileLog implements FileSupportLog {
  readonly dir: string;
  readonly file: string;
  private levelNow: LogLevel;
  private queue: string[] = [];
  private queuedBytes = 0;
  private fh: FileHandle | null = null;
  private size = 0;
  private writing: Promise<void> | null = null;
  private held: boolean;
  private closed = false;
  private lost = 0;
  private lostReported = 0;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly maxQueued: number;
  private readonly now: () => Date;

  constructor(
    dataDir: string,
    private readonly name: string,
    opts: SupportLogOptions,
  ) {
    this.dir = supportLogDir(dataDir);
    this.file = join(this.dir, `${name}.log`);
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.maxFiles = Math.max(1, opts.maxFiles ?? 5);
    this.maxQueued = opts.maxQueuedBytes ?? 4 * 1024 * 1024;
    this.now = opts.now ?? (() => new Date());
    this.held = opts.hold === true;
    this.levelNow = opts.level ?? savedLevel(this.dir) ?? DEFAULT_LOG_LEVEL;
  }

  get level(): LogLevel {
    return this.levelNow;
  }

  get dropped(): number {
    return this.lost;
  }

  error(event: string, fields?: LogFields, error?: unknown): void {
    this.entry('error', event, fields, error);
  }
  warn(event: string, fields?: LogFields, error?: unknown): void {
    this.entry('warn', event, fields, error);
  }
  info(event: string, fields?: LogFields, error?: unknown): void {
    this.entry('info', event, fields, error);
  }
  debug(event: string, fields?: LogFields, error?: unknown): void {
    this.entry('debug', event, fields, error);
  }

  child(fields: LogFields): SupportLog {
    const at =
      (level: LogLevel) =>
      (event: string, more?: LogFields, error?: unknown): void =>
        this.entry(level, event, { ...fields, ...more }, error);
    return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: (f) => this.child({ ...fields, ...f }) };
  }

  setLevel(level: LogLevel, persist = true): void {
    if (!isLogLevel(level)) return;
    const before = this.levelNow;
    this.levelNow = level;
    // Said whatever the new level, so a reader knows why entries thin out or appear.
    if (before !== level && !this.closed) this.enqueue(formatLine(this.now(), 'info', 'log-level', { level, before }, undefined, false));
    if (!persist) return;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const f = join(this.dir, LEVEL_FILE);
      writeFileSync(`${f}.tmp`, `${JSON.stringify({ level })}\n`, { mode: 0o600 });
      renameSync(`${f}.tmp`, f);
    } catch {
      // The level still holds for this run; a read-only folder must not break Settings.
    }
  }

  private entry(level: LogLevel, event: string, fields: LogFields | undefined, error: unknown): void {
    if (this.closed || !levelEnabled(level, this.levelNow)) return;
    let line: string;
    try {
      line = formatLine(this.now(), level, event, fields, error, this.levelNow === 'debug');
    } catch {
      this.lost++;
      return;
    }
    this.enqueue(line);
  }

  private enqueue(line: string): void {
    if (this.queuedBytes + line.length > this.maxQueued) {
      this.lost++;
      return;
    }
    this.queue.push(line);
    this.queuedBytes += line.length;
    if (!this.held) this.writing ??= this.drainSoon();
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    if (this.queue.length > 0) this.writing ??= this.drainSoon();
  }

  private async drainSoon(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.queue.length > 0) await this.writeBatch();
    } finally {
      this.writing = null;
    }
  }

  private async writeBatch(): Promise<void> {
    const lines = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    const note = this.lost > this.lostReported;
    const upTo = this.lost;
    if (note) lines.unshift(formatLine(this.now(), 'warn', 'log-lines-dropped', { count: this.lost - this.lostReported }, undefined, false));
    let i = 0;
    let written = 0;
    try {
      await this.ensureOpen();
      while (i < lines.length) {
        // As many lines as fit in the current file; a file never passes maxBytes (unless one
        // line alone does, which the line's own bound prevents in practice).
        const parts: string[] = [];
        let bytes = 0;
        for (; i < lines.length; i++) {
          const b = Buffer.byteLength(lines[i]!);
          if (this.size + bytes > 0 && this.size + bytes + b > this.maxBytes) break;
          parts.push(lines[i]!);
          bytes += b;
        }
        if (parts.length === 0) {
          await this.closeFile();
          await this.rotate();
          await this.openFile();
          continue;
        }
        await this.fh!.write(parts.join(''));
        this.size += bytes;
        written = i;
        if (note) this.lostReported = upTo;
      }
    } catch {
      this.lost += lines.length - written - (note && written === 0 ? 1 : 0);
      await this.closeFile();
    }
  }

  private async ensureOpen(): Promise<void> {
    if (this.fh) {
      // Another process rotated our file away: write to the new file at the path instead.
      const [mine, atPath] = await Promise.all([this.fh.stat(), stat(this.file).catch(() => null)]);
      if (!atPath || atPath.ino !== mine.ino || atPath.dev !== mine.dev) await this.closeFile();
    }
    if (!this.fh) await this.openFile();
  }

  private async openFile(): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.fh = await open(this.file, 'a', 0o600);
    this.size = (await this.fh.stat()).size;
  }

  private async closeFile(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close().catch(() => {});
  }

  private rotated(i: number): string {
    return i === 0 ? this.file : join(this.dir, `${this.name}.${i}.log`);
  }

  private async rotate(): Promise<void> {
    await rm(this.rotated(this.maxFiles - 1), { force: true }).catch(() => {});
    for (let i = this.maxFiles - 2; i >= 0; i--) {
      await rename(this.rotated(i), this.rotated(i + 1)).catch(() => {});
    }
  }

  files(): string[] {
    const out: string[] = [];
    for (let i = this.maxFiles - 1; i >= 0; i--) {
      const f = this.rotated(i);
      if (existsSync(f)) out.push(f);
    }
    return out;
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  flushSync(): void {
    if (this.held || this.queue.length === 0) return;
    const data = this.queue.join('');
    this.queue = [];
    this.queuedBytes = 0;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const fd = openSync(this.file, 'a', 0o600);
      try {
        writeSync(fd, data);
      } finally {
        closeSync(fd);
      }
    } catch {
      this.lost++;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.held) {
      this.queue = [];
      this.queuedBytes = 0;
    }
    await this.flush();
    this.closed = true;
    await this.closeFile();
  }
}

/**
 * The support log of a data directory (the app's userData, the CLI database's folder, the
 * browser-mode server's data directory). Never throws: a folder that cannot be written gives a
 * log that counts its lost lines.
 */
export function openSupportLog(dataDir: string, options: SupportLogOptions = {}): FileSupportLog {
  return new FileLog(dataDir, options.name ?? 'desk', options);
}
