import { describe, expect, it } from 'vitest'
import {
  defaultRevenueView,
  loadRevenueView,
  parseRevenueView,
  REVENUE_VIEW_KEY,
  saveRevenueView,
  type RevenueViewState,
} from '../../../../src-renderer/src/components/revenue/view-state'

function memory(): Storage {
  const items = new Map<string, string>()
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
    key: (i) => [...items.keys()][i] ?? null,
    get length() {
      return items.size
    },
  }
}

describe('the revenue page’s remembered choices', () => {
  it('come back as they were saved', () => {
    const storage = memory()
    const chosen: RevenueViewState = {
      sources: ['demo-pub'],
      statuses: ['paid', 'refunded'],
      productTypes: [{ source: 'demo-pub', type: '3' }, { source: 'demo-course', type: '3' }, '9'],
      shortcut: 'custom',
      customDays: ['2026-10-01', '2026-10-31'],
      by: 'week',
      seriesBy: 'product_type',
      metric: 'refunds',
      currency: 'USD',
    }
    saveRevenueView(storage, chosen)
    expect(loadRevenueView(storage)).toEqual(chosen)
  })

  it('start from the defaults when nothing, or nothing readable, was saved', () => {
    expect(loadRevenueView(memory())).toEqual(defaultRevenueView())
    expect(parseRevenueView('{not json')).toEqual(defaultRevenueView())
    expect(parseRevenueView('[1,2]').by).toBe('day')
  })

  it('keep only what is still valid in a stale or hand-edited entry', () => {
    const storage = memory()
    storage.setItem(
      REVENUE_VIEW_KEY,
      JSON.stringify({
        sources: ['demo-pub', '', 7],
        statuses: ['paid', 'shipped'],
        productTypes: ['x'.repeat(501), '3'],
        shortcut: 'lastYear',
        customDays: ['2026-02-30', '2026-03-01'],
        by: 'hour',
        seriesBy: 'customer',
        metric: 'profit',
        currency: 42,
      }),
    )
    const state = loadRevenueView(storage)
    expect(state).toEqual({ ...defaultRevenueView(), statuses: ['paid'], productTypes: ['3'] })
    expect(parseRevenueView(JSON.stringify({ customDays: ['2026-03-02', '2026-03-01'] })).customDays).toBeNull()
  })

  it('keep a product type with its source, dropping a pair that is not one', () => {
    const saved = JSON.stringify({
      productTypes: [
        { source: 'demo-pub', type: '3' },
        { source: '', type: '3' },
        { source: 'demo-pub' },
        { source: 'demo-pub', type: 3 },
        { source: 'demo-pub', type: 'x'.repeat(501) },
        { source: 'demo-course', type: '3' },
        // Saved by an older version: a bare type, every source's.
        '9',
      ],
    })
    expect(parseRevenueView(saved).productTypes).toEqual([{ source: 'demo-pub', type: '3' }, { source: 'demo-course', type: '3' }, '9'])
  })

  it('take no list-only shortcut: the orders created over 24 hours ago are not a period to chart', () => {
    expect(parseRevenueView(JSON.stringify({ shortcut: 'over24h' })).shortcut).toBe(defaultRevenueView().shortcut)
  })
})
