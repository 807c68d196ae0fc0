// Native file dialogs, injected by main.ts (Electron's dialog module), by browser mode (the page's
// file picker and downloads, electron/web/) and by the browser tests (temp paths). File paths for
// import and export come only from here: the renderer never hands main a path to read or write.

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface FileDialogs {
  /** Asks the user for a file to read; null when cancelled. */
  openFile(options: { title: string; filters: FileFilter[] }): Promise<string | null>;
  /** Asks the user where to write a file; null when cancelled. */
  saveFile(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
  /**
   * Told when the file saveFile chose has been written in full; returns how the result names it to
   * the user. Absent on the desktop, where the full path is what the user chose; browser mode
   * hands the file to the browser's download and names only the file, never a server path.
   */
  fileWritten?(path: string): string;
}

/** The name a handler result shows for a written file. */
export function shownFileName(dialogs: FileDialogs | undefined, path: string): string {
  return dialogs?.fileWritten ? dialogs.fileWritten(path) : path;
}
