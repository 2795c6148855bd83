import { describe, expect, it } from 'vitest'
import { connectorKinds } from '../../src-main/connectors'
import { formSchema } from '../../src-main/connectors/form'
import type { FormField, LocalizedText } from '../../src-preload/shared/form-field'
import { pingppCreateForm } from '../../src-main/connectors/pingpp'
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

describe('formSchema: what main takes from a create form', () => {
  const label = { zh: '金额（元）', en: 'Amount (yuan)' }
  const money = (extra: Partial<FormField> = {}) => formSchema([{ key: 'amount', type: 'money', required: true, label, ...extra }])

  it('turns an amount in yuan into integer fen, exactly', () => {
    for (const [typed, fen] of [
      ['0.07', 7],
      ['1.15', 115],
      ['8.2', 820],
      ['19.99', 1999],
      ['12345', 1_234_500],
    ] as const)
      expect(money().parse({ amount: typed })).toEqual({ amount: fen })
    // A JSON number (the command line's input) is read as the decimal it was written as.
    expect(money().parse({ amount: 1.15 })).toEqual({ amount: 115 })
  })

  it('refuses an amount with a third decimal, naming the field', () => {
    const result = money().safeParse({ amount: '1.234' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({ path: ['amount'], message: 'at most two decimals' })
  })

  it('refuses what is not an amount, and nothing at all below the least', () => {
    expect(money().safeParse({ amount: '12,34' }).success).toBe(false)
    expect(money().safeParse({ amount: '0' }).success).toBe(false)
    expect(money().safeParse({ amount: '0.01' }).success).toBe(true)
  })

  it('takes whole yuan only where the API takes an integer of yuan', () => {
    expect(money({ wholeYuan: true }).safeParse({ amount: '10.50' }).success).toBe(false)
    expect(money({ wholeYuan: true }).parse({ amount: '50' })).toEqual({ amount: 5000 })
  })

  it('takes a whole number picked as text from the cached orders', () => {
    const schema = formSchema([{ key: 'pid', type: 'integer', required: true, min: 1, fromOrders: 'product_id', label }])
    expect(schema.parse({ pid: '9003' })).toEqual({ pid: 9003 })
    expect(schema.safeParse({ pid: '9003a' }).success).toBe(false)
  })
})

describe('the Ping++ create form', () => {
  const field = (key: string) => pingppCreateForm.find((f) => f.key === key)!

  it('takes the amount in yuan', () => {
    expect(field('amount')).toMatchObject({ type: 'money', label: { zh: '金额（元）' } })
    expect(
      formSchema(pingppCreateForm).parse({ merchant_order_no: 'OD2026112400000001', amount: '123.45', subject: 's', body: 'b' }),
    ).toMatchObject({ amount: 12345 })
  })

  it('makes the merchant order number, and leaves the payer’s address empty rather than pretend it is 127.0.0.1', () => {
    expect(field('merchant_order_no').generate).toBe('merchant_order_no')
    expect(field('client_ip')).toMatchObject({ required: false })
    expect(field('client_ip').default).toBeUndefined()
  })
})
