import { describe, expect, it } from 'vitest'
import { connectorKinds } from '../../src-main/connectors'
import type { LocalizedText } from '../../src-main/connectors/form'
import { halfWidthInChinese, notForStaff } from '../helpers/ui-text'

/** Every text of every source kind's create form (labels, help, pattern messages, choices) as [where, text]. */
function formTexts(language: 'zh' | 'en'): Array<[string, string]> {
  return connectorKinds().flatMap(({ kind, createForm }) =>
    createForm.flatMap((f) => {
      const texts: Array<[string, LocalizedText | undefined]> = [
        ['label', f.label],
        ['help', f.help],
        ['pattern', f.pattern?.message],
        ...(f.choices ?? []).map((c): [string, LocalizedText] => [`choice ${c.value}`, c.label]),
      ]
      return texts.flatMap(([what, text]): Array<[string, string]> => (text ? [[`${kind}.${f.key} ${what}`, text[language]]] : []))
    }),
  )
}

// Staff read these in the create dialog as the app's own words: the UI catalogues' rules apply (tests/renderer/i18n.test.ts).
describe('the create forms the connectors describe', () => {
  it('write Chinese with full-width punctuation', () => {
    const zh = formTexts('zh')
    expect(zh.length).toBeGreaterThan(30)
    expect(zh.flatMap(([where, text]) => halfWidthInChinese(text).map((bad) => `${where}: ${bad}`))).toEqual([])
  })

  it('show staff no command, API path or HTTP code, in either language', () => {
    const both = [...formTexts('zh'), ...formTexts('en')]
    expect(both.flatMap(([where, text]) => notForStaff(text, { numbers: true }).map((bad) => `${where}: ${bad}`))).toEqual([])
  })
})
