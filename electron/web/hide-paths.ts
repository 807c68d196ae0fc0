// The page never names a path on the server's machine: over SSH forwarding the browser is on another
// computer, and a path says more about the server than the page needs. Results and event batches
// are scanned as the JSON text that is sent anyway (a native substring search, so the 100-row pages
// of the delivery log pay next to nothing); the data directory and the private temp folder are cut
// out, leaving file names (`cmpp-desk.db`, `客户名单.csv`).
import { sep } from 'node:path';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How `text` looks inside a JSON string literal. */
function inJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * Returns a function that removes `dataDir/` and `tempDir/<folder>/` from JSON text. The cut parts
 * lie wholly inside string literals, so the JSON stays valid.
 */
export function pathHider(dataDir: string, tempDir: string): (json: string) => string {
  const dataNeedle = inJson(dataDir + sep);
  const tempNeedle = inJson(tempDir + sep);
  const tempPattern = new RegExp(`${escapeRegExp(tempNeedle)}[A-Za-z0-9_-]+${escapeRegExp(inJson(sep))}`, 'g');
  return (json) => {
    let out = json;
    if (out.includes(tempNeedle)) out = out.replace(tempPattern, '').split(tempNeedle).join('');
    if (out.includes(dataNeedle)) out = out.split(dataNeedle).join('');
    return out;
  };
}
