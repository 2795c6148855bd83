import crypto from 'node:crypto'
import fs from 'node:fs'

/**
 * Seals source credentials at rest. The desktop app uses Electron's safeStorage (the OS
 * keychain); plain Node (web shell, CLI) uses a key file beside the database.
 */
export interface SecretBox {
  seal(plain: string): Buffer
  open(sealed: Buffer): string
  /** How secrets are protected, in words for the Sources page; `weak` adds a warning. */
  describe(): { method: string; weak: boolean }
}

/**
 * AES-256-GCM with a random key in a file readable only by this user (0600). This protects
 * credentials from anyone who gets only the database file, not from someone with this
 * user's account; the Sources page says so.
 */
export class KeyFileSecretBox implements SecretBox {
  private readonly key: Buffer

  constructor(private readonly keyFile: string) {
    if (fs.existsSync(keyFile)) {
      this.key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64')
      if (this.key.length !== 32) throw new Error(`${keyFile} is not a valid OrderDesk key file`)
    } else {
      this.key = crypto.randomBytes(32)
      fs.writeFileSync(keyFile, this.key.toString('base64'), { mode: 0o600 })
    }
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

  describe(): { method: string; weak: boolean } {
    return { method: `AES-256-GCM, key file ${this.keyFile} (mode 0600)`, weak: false }
  }
}
