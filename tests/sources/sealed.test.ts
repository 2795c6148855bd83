import type { SecretStoreView } from '../../src-preload/contract'
import crypto from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { sourceConfigSchema } from '../../src-main/sources/config'
import type { SecretBox } from '../../src-main/sources/secret-box'
import { SourceStore } from '../../src-main/sources/store'

/** Seals as Electron's safeStorage does on macOS and Linux (Chromium's OSCrypt): "v10", AES-128-CBC, a fixed IV, no MAC. */
class CbcBox implements SecretBox {
  private readonly key = crypto.randomBytes(16)
  private readonly iv = Buffer.alloc(16, ' ')

  seal(plain: string): Buffer {
    const cipher = crypto.createCipheriv('aes-128-cbc', this.key, this.iv)
    return Buffer.concat([Buffer.from('v10'), cipher.update(plain, 'utf8'), cipher.final()])
  }

  open(sealed: Buffer): string {
    const decipher = crypto.createDecipheriv('aes-128-cbc', this.key, this.iv)
    return Buffer.concat([decipher.update(sealed.subarray(3)), decipher.final()]).toString('utf8')
  }

  describe(): SecretStoreView {
    return { store: 'os-keychain', detail: 'AES-128-CBC (test)', weak: true }
  }
}

let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
})
afterEach(() => db.close())

describe('credentials under a box that detects no change', () => {
  it('refuses a blob spliced from the shop’s and an attacker’s own, whose binding names the attacker’s source and whose secret is the shop’s', () => {
    const box = new CbcBox()
    const store = new SourceStore(db, box)
    const secret = 'shop-token-that-must-stay-home-0123456789'
    const shopUrl = 'http://127.0.0.1:9/orders/api/v1/shops/a-shop-with-a-rather-long-path'
    store.save({ id: 'shop', name: '商城', kind: 'course', baseUrl: shopUrl, token: secret }, true)
    const blob = (id: string): Buffer =>
      (db.prepare('SELECT credentials FROM sources WHERE id = ?').get(id) as { credentials: Buffer }).credentials

    // Where the sealed text lies is known from the rows (id, kind, address) and the format, the token apart.
    const layout = (id: string, baseUrl: string): string =>
      JSON.stringify({ v: 2, for: { id, kind: 'course', baseUrl }, secrets: { token: '' } })
    const evilUrl = 'http://x.io'
    const k = Math.ceil(layout('e', evilUrl).indexOf('"token":"') / 16) + 1
    const shopText = layout('shop', shopUrl)
    const urlStart = shopText.indexOf(shopUrl)
    // The block after the splice lies in the shop's address: the shop's closing quote ends the attacker's token.
    expect(urlStart < 16 * k && 16 * (k + 1) < urlStart + shopUrl.length).toBe(true)
    const known = Buffer.from(shopText).subarray(16 * k, 16 * (k + 1))

    // The attacker imports their source with tokens of their choosing until the spliced block reads as string text.
    const shop = blob('shop')
    let spliced: Buffer | null = null
    for (let n = 0; n < 2000 && !spliced; n++) {
      const token = `attacker-${n}`.padEnd(40, '.')
      store.upsert(sourceConfigSchema.parse({ id: 'e', name: 'e', kind: 'course', baseUrl: evilUrl, token }), { storeSecrets: true })
      const evil = blob('e')
      const block = (b: Buffer, i: number): Buffer => b.subarray(3 + 16 * i, 3 + 16 * (i + 1))
      const junction = Buffer.from(known.map((byte, i) => byte ^ block(shop, k - 1)[i] ^ block(evil, k - 1)[i]))
      if (junction.every((byte) => byte >= 0x20 && byte !== 0x22 && byte !== 0x5c)) {
        spliced = Buffer.concat([evil.subarray(0, 3 + 16 * k), shop.subarray(3 + 16 * k)])
      }
    }
    expect(spliced).not.toBeNull()
    // It opens, names the attacker's source and carries the shop's secret: only the digest tells.
    expect(JSON.parse(box.open(spliced!))).toMatchObject({ for: { id: 'e', baseUrl: evilUrl }, secrets: { token: secret } })

    db.prepare("UPDATE sources SET credentials = ? WHERE id = 'e'").run(spliced)
    expect(() => store.getConfig('e')).toThrow(
      'source "e": its stored credentials are damaged or were altered; enter them again by editing the source',
    )
    expect(store.view('e').maskedSecrets).toEqual({})
  })
})
