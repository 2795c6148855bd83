import fs from 'node:fs'
import path from 'node:path'
import { modeText, notPrivate } from '../shared/paths'

/**
 * The web shell's export target: a private downloads folder beside the database; the page
 * then fetches the finished file from /download/<jobId> with its token. Files older than a
 * day are cleared at start.
 */
export function webExportTarget(dir: string) {
  privateFolder(dir)
  const dayAgo = Date.now() - 86_400_000
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name)
    if (fs.statSync(file).mtimeMs < dayAgo) fs.rmSync(file, { force: true })
  }
  return async (fileName: string, jobId: string) => ({
    file: path.join(dir, `${jobId}-${fileName}`),
    downloadUrl: `/download/${jobId}`,
  })
}

/**
 * Makes the exports folder (0700) or checks the one there: exports hold every order, and a
 * folder another user owns or may write to could hold files or links they planted.
 */
function privateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  const stat = fs.lstatSync(dir)
  if (!stat.isDirectory())
    throw new Error(`exports folder ${dir} is not a folder (a link or a file): remove it, and OrderDesk makes its own`)
  const problem = notPrivate(stat, 0o022)
  if (problem) {
    throw new Error(
      `exports folder ${dir} ${problem}; it must be yours and writable only by you (mode 0700). ` +
        `Remove it (OrderDesk makes a new one), or keep the database in a folder only you can write to.`,
    )
  }
  // One of this user's own that others may read or enter is closed: exported orders are private.
  if (process.getuid && (stat.mode & 0o077) !== 0) {
    try {
      fs.chmodSync(dir, 0o700)
    } catch (error) {
      throw new Error(`exports folder ${dir} has mode ${modeText(stat.mode)} and cannot be made private: ${(error as Error).message}`, {
        cause: error,
      })
    }
  }
}
