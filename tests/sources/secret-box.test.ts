import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KeyFileSecretBox } from '../../src-main/sources/secret-box'

/** Another user's uid (nobody), for files "someone else created"; the tests run as root. */
const OTHER_UID = 65534

let dir: string
let keyFile: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-key-'))
  keyFile = path.join(dir, 'orderdesk-web.key')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

/** A valid key file as someone planted it: a key they know. */
function plant(mode: number, uid = process.getuid!()): void {
  fs.writeFileSync(keyFile, crypto.randomBytes(32).toString('base64'), { mode })
  fs.chmodSync(keyFile, mode)
  fs.chownSync(keyFile, uid, process.getgid!())
}

describe.skipIf(process.platform === 'win32')('the key file of the web shell', () => {
  it('is made readable by this user alone, and described with its real mode', () => {
    const box = new KeyFileSecretBox(keyFile)
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(box.open(box.seal('token'))).toBe('token')
    fs.chmodSync(keyFile, 0o400)
    expect(new KeyFileSecretBox(keyFile).describe()).toEqual({
      store: 'key-file',
      detail: `AES-256-GCM, key file ${keyFile} (mode 0400)`,
      weak: false,
    })
  })

  it('refuses one other users can read, naming the file, its mode and what to do', () => {
    plant(0o644)
    expect(() => new KeyFileSecretBox(keyFile)).toThrow(
      `key file ${keyFile} has mode 0644: other users can read it; it must be yours and readable only by you (mode 0600). ` +
        `To go on, run chmod 600 ${keyFile}, and change the sources' credentials if others may have read the file.`,
    )
  })

  it('refuses one another user owns, even at mode 0600', () => {
    plant(0o600, OTHER_UID)
    expect(() => new KeyFileSecretBox(keyFile)).toThrow(
      new RegExp(
        `^key file ${keyFile} is owned by another user \\(uid ${OTHER_UID}, mode 0600; you are uid ${process.getuid!()}\\); .*delete it`,
      ),
    )
  })

  it('never follows a link planted where the key file goes, so the new key is not written where its planter reads', () => {
    const theirs = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-theirs-'))
    try {
      fs.symlinkSync(path.join(theirs, 'stolen.key'), keyFile)
      expect(() => new KeyFileSecretBox(keyFile)).toThrow(`key file ${keyFile} is a symbolic link`)
      expect(fs.existsSync(path.join(theirs, 'stolen.key'))).toBe(false)
    } finally {
      fs.rmSync(theirs, { recursive: true, force: true })
    }
  })

  it('refuses a pipe planted where the key file goes at once, instead of waiting on it', () => {
    execFileSync('mkfifo', [keyFile])
    expect(() => new KeyFileSecretBox(keyFile)).toThrow(`key file ${keyFile} is not a file`)
  })
})
