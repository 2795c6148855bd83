import os from 'node:os'
import path from 'node:path'

export const APP_NAME = 'OrderDesk'

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` gives for
 * this app name, so the desktop app, the web shell and the CLI find the same database.
 */
export function userDataDir(): string {
  const home = os.homedir()
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME)
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME)
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME)
  }
}

export function defaultDbPath(dataDir = userDataDir()): string {
  return path.join(dataDir, 'orderdesk.db')
}
