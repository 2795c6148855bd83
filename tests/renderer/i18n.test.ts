// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { i18n } from '../../src-renderer/src/i18n'
import { halfWidthInChinese, notForStaff } from '../helpers/ui-text'

/** Every message of a locale as [key, text]. */
function messages(locale: 'zh-CN' | 'en'): Array<[string, string]> {
  const out: Array<[string, string]> = []
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') out.push([key, value])
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k)
  }
  walk(i18n.global.getLocaleMessage(locale), '')
  return out
}

describe('the UI text catalogues', () => {
  it('write Chinese with full-width punctuation', () => {
    const zh = messages('zh-CN')
    expect(zh.length).toBeGreaterThan(300)
    expect(zh.flatMap(([key, text]) => halfWidthInChinese(text).map((bad) => `${key}: ${bad}`))).toEqual([])
  })

  it('show staff no command, API path or HTTP code, in either language', () => {
    const both = [...messages('zh-CN'), ...messages('en')]
    expect(both.flatMap(([key, text]) => notForStaff(text, { numbers: true }).map((bad) => `${key}: ${bad}`))).toEqual([])
  })
})
