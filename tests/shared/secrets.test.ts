import { describe, expect, it } from 'vitest'
import { maskSecret, redactSecrets } from '../../src-main/shared/secrets'

describe('redactSecrets', () => {
  it('masks a secret written as is and URL-encoded (path, query, either hex case), keeping its last four characters', () => {
    const key = 'ak live/秘钥+9Z'
    const lowerHex = encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())
    const text = [key, encodeURIComponent(key), lowerHex, new URLSearchParams({ k: key }).toString()].join(' | ')
    expect(redactSecrets(text, [key])).toBe('••••钥+9Z | ••••钥+9Z | ••••钥+9Z | k=••••钥+9Z')
  })

  it('masks a secret inside JSON text (a private key’s line breaks escaped) and as an HTTP Basic credential', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----'
    const secretKey = 'sk_test_orderdesk001'
    const text = `${JSON.stringify({ key: pem })} Authorization: Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`
    const out = redactSecrets(text, [pem, secretKey])
    expect(out).toBe(`{"key":"${maskSecret(pem)}"} Authorization: Basic ${maskSecret(secretKey)}`)
  })

  it('masks the longer of two overlapping secrets whole, and writes a mask with $ signs literally', () => {
    expect(redactSecrets('token abc$&12345 and abc$&', ['abc$&', 'abc$&12345'])).toBe('token ••••2345 and ••••bc$&')
  })

  it('leaves values too short to tell from ordinary text alone', () => {
    expect(redactSecrets('page 1 of 42, skip t', ['t', '42'])).toBe('page 1 of 42, skip t')
  })
})
