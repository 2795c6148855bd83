import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSourcesFile, parseSources } from '../../src-main/sources/file'

const valid = {
  sources: [
    { id: 'proxy', name: '代理商城', kind: 'pub', baseUrl: 'https://api.example.com', token: 't1' },
    { id: 'shop', name: '商城', kind: 'appkey', baseUrl: 'https://api.example.com/api', appKey: 'k', token: '${SHOP_TOKEN}' },
    { id: 'pay', name: 'Ping++', kind: 'pingpp', baseUrl: 'https://api.pingxx.com', appId: 'app_1', secretKey: 'sk_test_x' },
    {
      id: 'school',
      name: '直播课',
      kind: 'course',
      baseUrl: 'https://course.example.com',
      token: 't4',
      timezone: 'Asia/Tokyo',
      lookbackDays: 7,
    },
  ],
}

describe('sources file', () => {
  it('validates, applies defaults and reads ${ENV} values', () => {
    const sources = parseSources(valid, 'sources.json', { SHOP_TOKEN: 'from-env' })
    expect(sources.map((s) => s.id)).toEqual(['proxy', 'shop', 'pay', 'school'])
    expect(sources[1]).toMatchObject({ token: 'from-env', timezone: 'Asia/Shanghai', currency: 'CNY', lookbackDays: 30 })
    expect(sources[3]).toMatchObject({ timezone: 'Asia/Tokyo', lookbackDays: 7 })
  })

  it.each([
    [{ ...valid.sources[0], token: undefined }, /source "proxy": key "token": /],
    [{ ...valid.sources[0], colour: 'red' }, /source "proxy": .*colour/],
    [{ ...valid.sources[0], kind: 'ftp' }, /source "proxy": key "kind": /],
    [{ ...valid.sources[0], baseUrl: 'ftp://x' }, /source "proxy": key "baseUrl": must start with http/],
    [{ ...valid.sources[0], timezone: 'Mars/Base' }, /source "proxy": key "timezone": is not a known IANA time zone/],
    [{ ...valid.sources[2], appId: undefined }, /source "pay": key "appId"/],
  ])('names the source and the key that is wrong (%#)', (source, message) => {
    expect(() => parseSources({ sources: [source] }, 'sources.json', {})).toThrow(message)
  })

  it('names a missing environment variable', () => {
    expect(() => parseSources(valid, 'sources.json', {})).toThrow(
      'sources.json: source "shop": key "token": environment variable SHOP_TOKEN is not set',
    )
  })

  it('reads only credentials from the environment: ${NAME} elsewhere is refused, naming the source and the key', () => {
    const env = { HOME: '/root', API: 'https://api.example.com', SHOP_TOKEN: 'from-env' }
    expect(() => parseSources({ sources: [{ ...valid.sources[0], name: '${HOME}' }] }, 'sources.json', env)).toThrow(
      'sources.json: source "proxy": key "name": ${HOME} names an environment variable, which only credentials (token) may do; write the value itself',
    )
    expect(() => parseSources({ sources: [{ ...valid.sources[2], baseUrl: '${API}' }] }, 'sources.json', env)).toThrow(
      /^sources\.json: source "pay": key "baseUrl": \$\{API\} names an environment variable, which only credentials \(secretKey, privateKeyPem\) may do/,
    )
    expect(() => parseSources({ sources: [{ ...valid.sources[1], appKey: '${HOME}', timezone: '${HOME}' }] }, 'f', env)).toThrow(
      /source "shop": key "timezone": \$\{HOME\} names an environment variable/,
    )
  })

  it('refuses duplicate ids, an empty list, and unknown top-level keys', () => {
    expect(() => parseSources({ sources: [valid.sources[0], valid.sources[0]] }, 'f', {})).toThrow(/duplicate id/)
    expect(() => parseSources({ sources: [] }, 'f', {})).toThrow(/lists no sources/)
    expect(() => parseSources({ sources: [valid.sources[0]], extra: 1 }, 'f', {})).toThrow(/extra/)
  })

  it('says when the file is missing or not JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-src-'))
    expect(() => loadSourcesFile(path.join(dir, 'none.json'))).toThrow(/cannot read sources file .*ENOENT/)
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ sources: ')
    expect(() => loadSourcesFile(path.join(dir, 'bad.json'))).toThrow(/is not valid JSON/)
  })
})
