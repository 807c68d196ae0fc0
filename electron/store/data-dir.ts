// Where the desktop app, the CLI and browser mode keep their data by default: the directory
// Electron's app.getPath('userData') gives for productName "CMPP Desk", computed without Electron
// so all three open the same database.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'CMPP Desk';

/** Linux $XDG_CONFIG_HOME (default ~/.config), macOS ~/Library/Application Support, Windows %APPDATA%, each + "/CMPP Desk". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const appData = env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
    return join(appData, PRODUCT_NAME);
  }
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.config'), PRODUCT_NAME);
}
