// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ErrorData, SyncErrorKind } from '../../src-preload/contract'
import { ApiError } from '../../src-renderer/src/api/client'
import { errorParts, errorWords, exportFailureWords, failureWords } from '../../src-renderer/src/api/error-words'
import { i18n } from '../../src-renderer/src/i18n'
import { halfWidthInChinese, notForStaff } from '../helpers/ui-text'

const t = (key: string, named?: Record<string, unknown>): string => i18n.global.t(key, named ?? {})
const setLocale = (locale: 'zh-CN' | 'en'): void => void (i18n.global.locale.value = locale)

beforeEach(() => {
  setLocale('zh-CN')
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})

/** A remote API's failure as main hands it over (errorToData: the code by kind, tests/api/handlers.test.ts). */
const CODES: Partial<Record<SyncErrorKind, ErrorData['code']>> = {
  network: 'offline',
  timeout: 'offline',
  not_found: 'not_found',
  unsupported: 'unsupported',
}
const remote = (kind: SyncErrorKind, message: string, remoteMessage?: string): ErrorData => ({
  code: CODES[kind] ?? 'remote',
  message,
  kind,
  ...(remoteMessage ? { remoteMessage } : {}),
})

describe('an error from main in words', () => {
  it('says a remote API’s failure by its kind, with the API’s own words, and no HTTP code, address or English', () => {
    const refused = remote('invalid', 'request rejected (code 409): 订单状态为已支付,无法关闭', '订单状态为已支付,无法关闭')
    expect(errorWords(t, refused)).toBe('请求被接口拒绝（接口说明：订单状态为已支付,无法关闭）')
    const auth = remote('auth', 'authentication failed (HTTP 401)')
    expect(errorWords(t, auth)).toBe('认证失败，令牌或密钥不正确')
    const down = remote('network', 'cannot reach http://127.0.0.1:9/pub/order/list: ECONNREFUSED')
    expect(errorWords(t, down)).toBe('无法连接到接口服务器')
    setLocale('en')
    expect(errorWords(t, refused)).toBe('The API rejected the request (the API says: “订单状态为已支付,无法关闭”)')
  })

  it('keeps the API’s own words apart, for 详情, and out of the sentence', () => {
    const gone = remote('not_found', 'not found (code 404): 套餐不存在', '套餐不存在，见 http://vendor.example.com/help')
    expect(errorParts(t, gone)).toEqual({ text: '接口没有找到要操作的内容', remote: '套餐不存在，见 …' })
    expect(errorParts(t, remote('auth', 'authentication failed (HTTP 401)'))).toEqual({ text: '认证失败，令牌或密钥不正确', remote: '' })
  })

  it('does not call an order the API cannot find a wrong address', () => {
    const gone = remote('not_found', 'not found (code 404): 套餐不存在,请联系客服获取正确的套餐ID', '套餐不存在,请联系客服获取正确的套餐ID')
    expect(errorWords(t, gone)).toBe('接口没有找到要操作的内容（接口说明：套餐不存在,请联系客服获取正确的套餐ID）')
  })

  it('keeps addresses, HTTP codes and further lines of the API’s words from staff', () => {
    const said = remote(
      'server',
      'server error (HTTP 502)',
      'HTTP 502: upstream http://10.0.0.7:8080/pay failed\n    at Gateway.call (gw.js:12)',
    )
    const text = errorWords(t, said)
    expect(text).toBe('接口服务器出错（接口说明：upstream … failed）')
    expect(notForStaff(text, { numbers: true })).toEqual([])
  })

  it('names a refused field by the label the view shows, or asks to check what was entered', () => {
    const refused: ErrorData = {
      code: 'invalid_argument',
      message: 'orders:create: input.amount: Too small: expected number to be >=0.01',
      field: 'input.amount',
    }
    expect(errorWords(t, refused, { labels: { amount: '金额（元）' } })).toBe('金额（元）填写不正确，请检查后再试')
    expect(errorWords(t, refused)).toBe('填写的内容不正确，请检查后再试')
    setLocale('en')
    expect(errorWords(t, refused, { labels: { amount: 'Amount (yuan)' } })).toBe('Amount (yuan) is not right: check it and try again')
  })

  it('says every code in a sentence of the UI language, and a view’s own sentence where it gives one', () => {
    const codes = ['invalid_argument', 'not_found', 'unsupported', 'conflict', 'offline', 'remote', 'forbidden', 'internal'] as const
    for (const locale of ['zh-CN', 'en'] as const) {
      setLocale(locale)
      for (const code of codes) {
        const text = errorWords(t, { code, message: `${code}: order 2001 of "shop" (HTTP 500) at http://127.0.0.1:9/x` })
        expect(text, code).not.toMatch(/2001|shop|HTTP|127\.0\.0\.1|errors\./)
        if (locale === 'zh-CN') expect(halfWidthInChinese(text), code).toEqual([])
      }
    }
    setLocale('zh-CN')
    const conflict: ErrorData = { code: 'conflict', message: 'order 2001 is paid; only a pending order can be canceled' }
    expect(errorWords(t, conflict, { byCode: { conflict: t('detail.cancelNotPendingOther') } })).toBe('只有待支付的订单可以取消')
  })

  it('says a fault of the page itself as an internal error, its details in the console only', () => {
    expect(failureWords(t, new TypeError('Cannot read properties of undefined (reading "x")'))).toBe(
      'OrderDesk 内部出错，请重试；如果仍然出错，请联系技术支持',
    )
    expect(console.error).toHaveBeenCalled()
    expect(failureWords(t, new ApiError({ code: 'unsupported', message: 'this source cannot fetch a single order' }))).toBe(
      '该数据源不支持此操作',
    )
  })

  it('says why an export failed without the file system’s message', () => {
    expect(exportFailureWords(t, "ENOSPC: no space left on device, write '/home/a/exports/orders.csv'")).toBe(
      '导出失败：磁盘空间不足，请腾出空间后再试',
    )
    expect(exportFailureWords(t, "EACCES: permission denied, open '/srv/exports/orders.csv'")).toBe('导出失败：没有写入导出文件夹的权限')
    expect(exportFailureWords(t, 'database disk image is malformed')).toBe('导出失败，请重试；如果仍然失败，请联系技术支持')
  })
})
