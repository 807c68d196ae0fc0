// The CONNECT Timestamp: MMDDHHMMSS as a number, hashed as exactly 10 digits (docs/protocol.md "Authenticators").

/** MMDDHHMMSS of a date in local time, as the number sent in CONNECT. */
export function cmppTimestamp(date: Date): number {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError(`not a valid Date: ${String(date)}`);
  return (
    (date.getMonth() + 1) * 100_000_000 +
    date.getDate() * 1_000_000 +
    date.getHours() * 10_000 +
    date.getMinutes() * 100 +
    date.getSeconds()
  );
}

/**
 * The 10-digit text of a Timestamp: "0330104539", never "330104539" (docs/protocol.md "Authenticators": the classic bug that
 * breaks login nine months a year).
 */
export function formatTimestamp(ts: number): string {
  if (!Number.isInteger(ts) || ts < 0 || ts > 0xffffffff) {
    throw new RangeError(`Timestamp must be an integer 0..4294967295, got ${ts}`);
  }
  return String(ts).padStart(10, '0');
}
