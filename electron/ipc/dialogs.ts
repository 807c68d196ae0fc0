// Native file dialogs, injected by main.ts (Electron's dialog module) and by the browser tests
// (temp paths). File paths for import and export come only from here: the renderer never hands
// main a path to read or write (product notes, "Electron stance").

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface FileDialogs {
  /** Asks the user for a file to read; null when cancelled. */
  openFile(options: { title: string; filters: FileFilter[] }): Promise<string | null>;
  /** Asks the user where to write a file; null when cancelled. */
  saveFile(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
}
