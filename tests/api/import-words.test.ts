// @vitest-environment happy-dom
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ErrorData } from '../../src-preload/contract'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { importRefusal } from '../../src-renderer/src/components/sources/verdict'
import { i18n } from '../../src-renderer/src/i18n'
import { tempCore } from '../helpers/core'

/**
 * The page says why sources:import refused a file from main's message, which names the source
 * and the key (sources/file.ts): this keeps the two in step. Outside tests/renderer, whose
 * program has no Node types.
 */
const t = (key: string, named?: Record<string, unknown>): string => i18n.global.t(key, named ?? {})

describe('a sources file main refuses, in the page’s words', () => {
  let env: ReturnType<typeof tempCore>
  beforeEach(() => void (i18n.global.locale.value = 'zh-CN'))
  beforeAll(() => {
    env = tempCore()
  })
  afterAll(async () => {
    await env.dispose()
  })
  /** What the page gets from main for importing this text. */
  async function refusalOf(text: string): Promise<ErrorData> {
    const reply = await dispatch(createHandlers(env.core), 'sources:import', { text })
    if (reply.ok) throw new Error('imported')
    return reply.error
  }
  const source = (extra: Record<string, unknown>) =>
    JSON.stringify({ sources: [{ id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'http://127.0.0.1:9', token: 't', ...extra }] })

  it('names the source and the key main names, not its English', async () => {
    expect(importRefusal(t, await refusalOf(source({ baseUrl: 'ftp://x' })))).toBe('数据源文件没有导入：数据源「shop」的「baseUrl」不正确')
    expect(importRefusal(t, await refusalOf(source({ token: '${ORDERDESK_SHOP_TOKEN}' })))).toBe(
      '数据源文件没有导入：数据源「shop」的「token」引用的环境变量 ORDERDESK_SHOP_TOKEN 没有设置',
    )
    expect(importRefusal(t, await refusalOf(source({ token: '${GITHUB_TOKEN}' })))).toBe(
      '数据源文件没有导入：数据源「shop」的「token」只能引用为它导出的环境变量 ORDERDESK_SHOP_TOKEN',
    )
    expect(importRefusal(t, await refusalOf('{"sources": [{"name": "x"}]}'))).toBe('数据源文件没有导入：第 1 个数据源的「kind」不正确')
    expect(importRefusal(t, await refusalOf(source({ extra: 1 })))).toBe('数据源文件没有导入：数据源「shop」不正确')
    expect(importRefusal(t, await refusalOf('{"sources": ['))).toBe('数据源文件没有导入：文件不是有效的 JSON')
    const twice = JSON.stringify({ sources: [JSON.parse(source({})).sources[0], JSON.parse(source({})).sources[0]] })
    expect(importRefusal(t, await refusalOf(twice))).toBe('数据源文件没有导入：有多个数据源的 ID 都是「shop」')
    i18n.global.locale.value = 'en'
    expect(importRefusal(t, await refusalOf(source({ baseUrl: 'ftp://x' })))).toBe(
      'The sources file was not imported: “baseUrl” of source “shop” is not right',
    )
  })
})
