// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import type { SourceView } from '../../src-preload/contract'
import { isFailing, outcomeMessage, retryWords } from '../../src-renderer/src/components/sync/words'
import { clockTime } from '../../src-renderer/src/format'
import { i18n } from '../../src-renderer/src/i18n'
import type { SourceOutcome, SyncOutcome } from '../../src-renderer/src/stores/sync'

const t = (key: string, named?: Record<string, unknown>): string => i18n.global.t(key, named ?? {})
const cn = (iso: string): number => Date.parse(`${iso}+08:00`)
const TZ = 'Asia/Shanghai'
const NAMES: Record<string, string> = { shop: '代理商城', course: '直播课', app: '商城' }
const nameOf = (id: string): string => NAMES[id] ?? id
const AUTH = { kind: 'auth' as const, message: 'authentication failed (HTTP 401): bad token' }
const ran = (...sources: SourceOutcome[]): SyncOutcome => ({ kind: 'ran', sources })
const failed = (sourceId: string, kind: 'auth' | 'network' = 'auth'): SourceOutcome => ({
  sourceId,
  state: 'failed',
  error: { kind, message: kind === 'auth' ? AUTH.message : 'connect ECONNREFUSED 127.0.0.1:9' },
})
const done = (sourceId: string, inserted: number, skipped = 0): SourceOutcome => ({
  sourceId,
  state: 'done',
  inserted,
  updated: 1,
  unchanged: 7,
  skipped,
})

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('next retry in words', () => {
  const now = cn('2026-11-24T23:50:00')
  const source = { enabled: true, autoSyncMinutes: 10, nextAttemptAt: cn('2026-11-24T23:52:00') }

  it('gives the time in the user’s zone, with the day when it is not today there', () => {
    expect(retryWords(t, source, TZ, now)).toBe('下次重试 23:52')
    // 00:10 tomorrow in China, still the same day in UTC.
    expect(retryWords(t, { ...source, nextAttemptAt: cn('2026-11-25T00:10:00') }, TZ, now)).toBe('下次重试 11-25 00:10')
    i18n.global.locale.value = 'en'
    expect(retryWords(t, source, 'UTC', now)).toBe('Next retry at 15:52')
  })

  it('says "shortly" when no time is set (settings just saved) or it has passed', () => {
    expect(retryWords(t, { ...source, nextAttemptAt: null }, TZ, now)).toBe('即将重试')
    expect(retryWords(t, { ...source, nextAttemptAt: now - 1 }, TZ, now)).toBe('即将重试')
  })

  it('says it is not retried for a manual-only or disabled source', () => {
    expect(retryWords(t, { ...source, autoSyncMinutes: 0 }, TZ, now)).toBe('仅手动同步，不会自动重试')
    expect(retryWords(t, { ...source, enabled: false }, TZ, now)).toBe('已停用，不会自动重试')
  })

  it('cuts the day in the zone asked for', () => {
    expect(clockTime(cn('2026-11-25T07:59:00'), 'UTC', cn('2026-11-24T09:00:00'))).toBe('23:59')
    expect(clockTime(cn('2026-11-25T08:00:00'), 'UTC', cn('2026-11-24T09:00:00'))).toBe('11-25 00:00')
  })
})

describe('a failing source', () => {
  it('is one with failures since its last success, or an error left from before the count was kept', () => {
    const s = (failures: number, lastError: SourceView['lastError']) => ({ failures, lastError })
    expect(isFailing(s(0, null))).toBe(false)
    expect(isFailing(s(2, AUTH))).toBe(true)
    expect(isFailing(s(0, AUTH))).toBe(true)
  })
})

describe('the message after "sync now" on one source', () => {
  const single = { single: true }

  it('says it failed and why, in words, without the API’s own message', () => {
    const message = outcomeMessage(t, ran(failed('course')), nameOf, single)
    expect(message).toEqual({ type: 'error', text: '直播课 同步失败：认证失败，令牌或密钥不正确' })
    i18n.global.locale.value = 'en'
    expect(outcomeMessage(t, ran(failed('course')), nameOf, single)?.text).toBe(
      '直播课 could not be synced. Authentication failed: wrong token or key',
    )
  })

  it('gives the counts of a sync already done, the skipped ones only when there are some', () => {
    expect(outcomeMessage(t, ran(done('shop', 12)), nameOf, single)).toEqual({
      type: 'success',
      text: '代理商城 同步完成：新增 12 条，变更 1 条，未变 7 条',
    })
    expect(outcomeMessage(t, ran(done('shop', 12, 2)), nameOf, single)?.text).toBe(
      '代理商城 同步完成：新增 12 条，变更 1 条，未变 7 条，跳过 2 条无法识别的记录',
    )
  })

  it('says it started (or a full sync started) once under way, and that it was canceled', () => {
    const started: SourceOutcome = { sourceId: 'shop', state: 'started' }
    expect(outcomeMessage(t, ran(started), nameOf, single)?.text).toBe('已开始同步 代理商城')
    expect(outcomeMessage(t, ran(started), nameOf, { single: true, full: true })?.text).toBe('已开始全量同步 代理商城')
    expect(outcomeMessage(t, ran({ sourceId: 'shop', state: 'canceled' }), nameOf, single)).toEqual({
      type: 'info',
      text: '代理商城 的同步已取消，已获取的订单已保存',
    })
  })

  it('says a sync is already running, and what main refused', () => {
    expect(outcomeMessage(t, { kind: 'busy' }, nameOf, single)).toEqual({ type: 'warning', text: '正在同步，请等待当前同步完成' })
    expect(
      outcomeMessage(t, { kind: 'refused', error: { code: 'not_found', message: 'no enabled source to sync' } }, nameOf, single),
    ).toEqual({
      type: 'error',
      text: '没有已启用的数据源可同步',
    })
  })

  it('says any other refusal of main in words, not in its English', () => {
    const refused = { code: 'forbidden' as const, message: 'sync:start: caller is not the OrderDesk window' }
    expect(outcomeMessage(t, { kind: 'refused', error: refused }, nameOf, single)).toEqual({
      type: 'error',
      text: '这个页面已无权访问 OrderDesk，请用启动时给出的地址重新打开',
    })
  })
})

describe('the message after "sync now" on all sources', () => {
  const all = { single: false }

  it('says when every source failed, each with its reason', () => {
    expect(outcomeMessage(t, ran(failed('shop', 'network'), failed('course')), nameOf, all)).toEqual({
      type: 'error',
      text: '同步失败：2 个数据源都无法同步。代理商城：无法连接到接口服务器；直播课：认证失败，令牌或密钥不正确',
    })
  })

  it('warns of the ones that failed while the others sync', () => {
    expect(outcomeMessage(t, ran({ sourceId: 'shop', state: 'started' }, failed('course')), nameOf, all)).toEqual({
      type: 'warning',
      text: '直播课 同步失败：认证失败，令牌或密钥不正确。其余数据源照常同步。',
    })
  })

  it('leaves a run under way to the progress bar, and sums a run already done', () => {
    expect(outcomeMessage(t, ran({ sourceId: 'shop', state: 'started' }, done('course', 3)), nameOf, all)).toBeNull()
    expect(outcomeMessage(t, ran({ sourceId: 'shop', state: 'started' }), nameOf, all)).toBeNull()
    expect(outcomeMessage(t, ran(done('shop', 3), done('course', 4)), nameOf, all)?.text).toBe('同步完成：新增 7 条，变更 2 条，未变 14 条')
  })

  it('says one source failing alone as it would for that source', () => {
    expect(outcomeMessage(t, ran(failed('course')), nameOf, all)?.text).toBe('直播课 同步失败：认证失败，令牌或密钥不正确')
  })
})
