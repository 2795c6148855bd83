import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { webExportTarget } from '../../src-main/web/downloads'

/** Another user's uid (nobody), for folders "someone else created"; the tests run as root. */
const OTHER_UID = 65534

let dir: string
let exportsDir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-dl-'))
  exportsDir = path.join(dir, 'exports')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe.skipIf(process.platform === 'win32')('the web shell’s exports folder', () => {
  it('refuses one another user made, naming it and what to do', () => {
    fs.mkdirSync(exportsDir, { mode: 0o700 })
    fs.chownSync(exportsDir, OTHER_UID, OTHER_UID)
    expect(() => webExportTarget(exportsDir)).toThrow(
      new RegExp(`^exports folder ${exportsDir} is owned by another user \\(uid ${OTHER_UID}, mode 0700; .*Remove it`),
    )
  })

  it('refuses one of this user’s that others may write to, and changes nothing in it', () => {
    fs.mkdirSync(exportsDir)
    fs.chmodSync(exportsDir, 0o777)
    const planted = path.join(exportsDir, 'old.csv')
    fs.writeFileSync(planted, 'x')
    fs.utimesSync(planted, new Date(0), new Date(0))
    expect(() => webExportTarget(exportsDir)).toThrow(`exports folder ${exportsDir} has mode 0777: other users can change it`)
    expect(fs.statSync(exportsDir).mode & 0o777).toBe(0o777)
    expect(fs.existsSync(planted)).toBe(true)
  })

  it('closes one of this user’s own that others could only read', () => {
    fs.mkdirSync(exportsDir)
    fs.chmodSync(exportsDir, 0o755)
    webExportTarget(exportsDir)
    expect(fs.statSync(exportsDir).mode & 0o777).toBe(0o700)
  })
})
