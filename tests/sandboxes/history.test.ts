import { describe, expect, it } from 'vitest'
import { SANDBOX_FACTORIES } from '../../src-main/sandboxes'
import type { SourceKind } from '../../src-main/sources/config'

// 09:30 in Shanghai: most of the day's orders would come after it, so they are made just before it.
// (pub's API has no payment time.)
const NOW = Date.parse('2026-11-24T09:30:00+08:00')

describe('a sandbox’s generated history', () => {
  it.each(['appkey', 'pingpp', 'course'] as const)('%s: nothing is paid after its present', (kind: SourceKind) => {
    for (const seed of [101, 202, 303, 404]) {
      const truth = SANDBOX_FACTORIES[kind]({ seed, orders: 1500, now: NOW }).truth()
      expect(truth.filter((o) => o.created_at > NOW)).toEqual([])
      expect(truth.filter((o) => o.paid_at !== null && o.paid_at > NOW)).toEqual([])
    }
  })
})
