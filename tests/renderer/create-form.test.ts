import { describe, expect, it } from 'vitest'
import type { FormField, ProductOption } from '../../src-preload/contract'
import {
  failureProblem,
  initialValues,
  moneyProblem,
  productSuggestions,
  submittedInput,
  valuesOfProduct,
} from '../../src-renderer/src/components/orders/create-form'

const label = { zh: '字段', en: 'Field' }
const amount: FormField = { key: 'amount', type: 'money', required: true, min: 1, label }
// The parts of the connectors' forms these are about (the connectors' own modules are main's, for Node).
const FORMS: Record<string, FormField[]> = {
  pingpp: [
    { key: 'merchant_order_no', type: 'string', required: true, generate: 'merchant_order_no', label },
    amount,
    { key: 'subject', type: 'string', required: true, fromOrders: 'product_name', label },
    { key: 'body', type: 'string', required: true, label },
    { key: 'client_ip', type: 'string', required: false, label },
  ],
  appkey: [
    { key: 'productName', type: 'string', required: true, fromOrders: 'product_name', label },
    amount,
    { key: 'productType', type: 'string', required: false, fromOrders: 'product_type', label },
    { key: 'productID', type: 'string', required: false, fromOrders: 'product_id', label },
  ],
  pub: [{ key: 'pid', type: 'integer', required: true, min: 1, fromOrders: 'product_id', label }],
}
const formOf = (kind: string): readonly FormField[] => FORMS[kind]

describe('the create form as it opens', () => {
  it('has a merchant order number made for Ping++, and no made-up payer address', () => {
    const values = initialValues(formOf('pingpp'), Date.UTC(2026, 10, 23, 16, 5, 9), 'Asia/Shanghai')
    expect(values.merchant_order_no).toMatch(/^OD261124000509[A-Z0-9]{6}$/)
    expect(values.client_ip).toBe('')
  })

  it('gives a new number each time it opens', () => {
    const at = Date.now()
    expect(initialValues(formOf('pingpp'), at, 'Asia/Shanghai').merchant_order_no).not.toBe(
      initialValues(formOf('pingpp'), at, 'Asia/Shanghai').merchant_order_no,
    )
  })
})

describe('an amount typed in yuan, checked as main checks it', () => {
  it('takes yuan with at most two decimals', () => {
    for (const typed of ['0.07', '1.15', '8.2', '19.99', '12345']) expect(moneyProblem(amount, typed)).toBeNull()
  })

  it('says what is wrong in the dialog’s words', () => {
    expect(moneyProblem(amount, '1.234')).toEqual({ key: 'moneyDecimals' })
    expect(moneyProblem(amount, '12元5')).toEqual({ key: 'moneyFormat' })
    expect(moneyProblem(amount, '0')).toEqual({ key: 'moneyMin', named: { min: '0.01' } })
    expect(moneyProblem({ ...amount, wholeYuan: true, min: 100 }, '10.5')).toEqual({ key: 'moneyWhole' })
  })

  it('is sent as typed, for main to turn into fen', () => {
    expect(
      submittedInput(formOf('pingpp'), { merchant_order_no: 'OD1', amount: ' 19.99 ', subject: '拿铁', body: 'x', client_ip: '' }),
    ).toEqual({
      merchant_order_no: 'OD1',
      amount: '19.99',
      subject: '拿铁',
      body: 'x',
    })
  })
})

describe('products offered from the cached orders', () => {
  const products: ProductOption[] = [
    { product_id: '3001', product_name: '余额充值', product_type: '3', count: 5 },
    { product_id: '9001', product_name: '动态流量套餐 10G', product_type: '9', count: 2 },
    { product_id: null, product_name: '手写的商品', product_type: null, count: 1 },
    { product_id: '9002', product_name: '动态流量套餐 50G', product_type: '9', count: 1 },
  ]
  const field = (key: string, kind = 'appkey') => formOf(kind).find((f) => f.key === key)!

  it('offers ids with their names for a package id, names with their ids for a name', () => {
    expect(productSuggestions(field('pid', 'pub'), products, '').map((s) => [s.value, s.detail])).toEqual([
      ['3001', '余额充值'],
      ['9001', '动态流量套餐 10G'],
      ['9002', '动态流量套餐 50G'],
    ])
    expect(productSuggestions(field('productName'), products, '').map((s) => [s.value, s.detail])).toEqual([
      ['余额充值', '3001'],
      ['动态流量套餐 10G', '9001'],
      ['手写的商品', ''],
      ['动态流量套餐 50G', '9002'],
    ])
  })

  it('offers each type once, and only what matches the words typed', () => {
    expect(productSuggestions(field('productType'), products, '').map((s) => s.value)).toEqual(['3', '9'])
    expect(productSuggestions(field('productName'), products, '流量').map((s) => s.value)).toEqual(['动态流量套餐 10G', '动态流量套餐 50G'])
    expect(productSuggestions(field('productName'), products, '9002').map((s) => s.value)).toEqual(['动态流量套餐 50G'])
  })

  it('fills the name, id and type of a picked product together', () => {
    expect(valuesOfProduct(formOf('appkey'), products[1])).toEqual({ productName: '动态流量套餐 10G', productID: '9001', productType: '9' })
    expect(valuesOfProduct(formOf('appkey'), products[2])).toEqual({ productName: '手写的商品' })
  })
})

describe('a submit that fails', () => {
  it('says so, and says it again with the count when it fails again', () => {
    expect(failureProblem(1, '请求被接口拒绝')).toEqual({ key: 'failed', named: { message: '请求被接口拒绝' } })
    expect(failureProblem(2, '请求被接口拒绝')).toEqual({ key: 'failedAgain', named: { n: 2, message: '请求被接口拒绝' } })
  })
})
