import type { SecretStoreView } from '../../src-preload/contract'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { modeText, notPrivate } from '../shared/paths'

/**
 * Seals source credentials at rest. The desktop app uses Electron's safeStorage (the OS
 * keychain); plain Node (web shell, CLI) uses a key file beside the database. The store seals
 * each source's credentials with the source they are for (sealed.ts), which no box does.
 */
export interface SecretBox {
  seal(plain: string): Buffer
  open(sealed: Buffer): string
  /** How secrets are protected, in words for the Sources page; `weak` adds a warning. */
  describe(): SecretStoreView
}

/**
 * AES-256-GCM with a random key in a file of this user's, readable only by them (0600). With
 * the store's binding of each blob to its source (sealed.ts), whoever gets only the database
 * file, to read or to write, can neither read the credentials nor have them sent to another
 * host; someone with this user's account can, and the Sources page says so. A key file
 * another user could have planted or read is refused, never used: whoever knows the key can
 * open every sealed credential.
 */
export class KeyFileSecretBox implements SecretBox {
  private readonly key: Buffer
  private readonly mode: number

  constructor(private readonly keyFile: string) {
    // Read again when creating finds one: another process made it in between.
    const opened = readKeyFile(keyFile) ?? createKeyFile(keyFile) ?? readKeyFile(keyFile)
    if (!opened) throw new Error(`key file ${keyFile} appeared and vanished while OrderDesk opened it; start again`)
    this.key = opened.key
    this.mode = opened.mode
  }

  seal(plain: string): Buffer {
    const iv = crypto.randomBytes(12)
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([Buffer.from('OD1'), iv, cipher.getAuthTag(), body])
  }

  open(sealed: Buffer): string {
    if (sealed.subarray(0, 3).toString() !== 'OD1') throw new Error('credentials were sealed by another secret store')
    const iv = sealed.subarray(3, 15)
    const tag = sealed.subarray(15, 31)
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, iv)
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(sealed.subarray(31)), decipher.final()]).toString('utf8')
  }

  describe(): SecretStoreView {
    const mode = process.getuid ? ` (mode ${modeText(this.mode)})` : ''
    return { store: 'key-file', detail: `AES-256-GCM, key file ${this.keyFile}${mode}`, weak: false }
  }
}

/** The key of an existing key file, after checking it is this user's own; null when there is none. */
function readKeyFile(file: string): { key: Buffer; mode: number } | null {
  let fd: number
  try {
    // Not through a link: a planted link could point at a key its owner knows. Not waiting on a
    // planted pipe either: the checks below refuse what is not a plain file.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    if (code === 'ELOOP')
      throw new Error(`key file ${file} is a symbolic link: OrderDesk uses only a key file of its own. Remove the link.`, {
        cause: error,
      })
    throw new Error(`cannot read key file ${file}: ${code ?? (error as Error).message}`, { cause: error })
  }
  try {
    const stat = fs.fstatSync(fd)
    if (!stat.isFile()) throw new Error(`key file ${file} is not a file`)
    const problem = notPrivate(stat, 0o077)
    if (problem) {
      const what =
        stat.uid === process.getuid?.()
          ? `run chmod 600 ${file}, and change the sources' credentials if others may have read the file`
          : `delete it, or keep the database in a folder only you can write to; credentials sealed with it must then be entered again`
      throw new Error(`key file ${file} ${problem}; it must be yours and readable only by you (mode 0600). To go on, ${what}.`)
    }
    const key = Buffer.from(fs.readFileSync(fd, 'utf8').trim(), 'base64')
    if (key.length !== 32) throw new Error(`${file} is not a valid OrderDesk key file`)
    return { key, mode: stat.mode }
  } finally {
    fs.closeSync(fd)
  }
}

/** A new key file, made only if none exists (O_EXCL), readable by this user alone; null if one appeared meanwhile. */
function createKeyFile(file: string): { key: Buffer; mode: number } | null {
  const key = crypto.randomBytes(32)
  let fd: number
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return null
    throw new Error(`cannot create key file ${file}: ${code ?? (error as Error).message}`, { cause: error })
  }
  try {
    fs.writeFileSync(fd, key.toString('base64'))
    return { key, mode: fs.fstatSync(fd).mode }
  } catch (error) {
    fs.rmSync(file, { force: true })
    throw new Error(`cannot write key file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
    })
  } finally {
    fs.closeSync(fd)
  }
}
