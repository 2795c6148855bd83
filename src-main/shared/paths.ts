import fs from 'node:fs'
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

/** Permission bits as ls and chmod write them, e.g. 0644. */
export function modeText(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0')
}

/**
 * Refuses a folder where others could swap what OrderDesk keeps in it (its database, key file,
 * exports) between its checks and its use: one owned by another user, or one others may write
 * to without the sticky bit (which stops them renaming or deleting what is not theirs).
 */
export function assertSafeFolder(dir: string, what: string): void {
  const uid = process.getuid?.()
  if (uid === undefined) return
  const stat = fs.statSync(dir)
  const problem =
    stat.uid !== uid && stat.uid !== 0
      ? `is owned by another user (uid ${stat.uid}; you are uid ${uid})`
      : (stat.mode & 0o022) !== 0 && (stat.mode & 0o1000) === 0
        ? `has mode ${modeText(stat.mode)}: other users can rename or replace what is in it`
        : null
  if (problem) throw new Error(`${what} ${dir} ${problem}; keep the database in a folder of your own (for example: chmod go-w ${dir})`)
}

/**
 * Why a file or folder is not this user's own private one, in words (another user's, or open
 * to others through `openBits`), or null. Windows has no POSIX owners (no getuid), so there
 * the folder's access rules decide and null is returned.
 */
export function notPrivate(stat: fs.Stats, openBits: number): string | null {
  const uid = process.getuid?.()
  if (uid === undefined) return null
  if (stat.uid !== uid) return `is owned by another user (uid ${stat.uid}, mode ${modeText(stat.mode)}; you are uid ${uid})`
  const open = stat.mode & openBits
  if (open === 0) return null
  const can = [open & 0o044 ? 'read' : '', open & 0o022 ? 'change' : ''].filter(Boolean).join(' and ') || 'open'
  return `has mode ${modeText(stat.mode)}: other users can ${can} it`
}
