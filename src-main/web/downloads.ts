import fs from 'node:fs'
import path from 'node:path'

/**
 * The web shell's export target: a private downloads folder beside the database; the page
 * then fetches the finished file from /download/<jobId> with its token. Files older than a
 * day are cleared at start.
 */
export function webExportTarget(dir: string) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
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
