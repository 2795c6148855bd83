// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { connectionVerdict } from '../../src-renderer/src/components/sources/verdict'
import { i18n } from '../../src-renderer/src/i18n'

const t = (key: string, named?: Record<string, unknown>): string => i18n.global.t(key, named ?? {})

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('a connection test in words', () => {
  it('says a failure outside the plain kinds as "failed: why", in each language’s punctuation', () => {
    const result = { ok: false, kind: 'rate_limited' as const, message: 'HTTP 429 from /pub/order/list' }
    expect(connectionVerdict(t, result)).toBe('连接失败：请求过于频繁，接口要求稍后再试')
    i18n.global.locale.value = 'en'
    expect(connectionVerdict(t, result)).toBe('Connection failed — Too many requests: the API asked to wait')
  })

  it('says a plain kind in its own words, without the API’s message', () => {
    expect(connectionVerdict(t, { ok: false, kind: 'auth', message: 'HTTP 401' })).toBe('认证失败：令牌或密钥错误')
    expect(connectionVerdict(t, { ok: true, kind: 'ok', message: '' })).toBe('连接正常：接口可访问，认证通过')
  })
})
