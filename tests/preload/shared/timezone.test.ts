import { describe, expect, it } from 'vitest'
import { Random } from '../../../src-main/sandboxes/random'
import { formatIsoInZone, formatLocalInZone, zoneTimeFormatter } from '../../../src-preload/shared/timezone'

describe('bulk time formatting', () => {
  it.each(['Asia/Shanghai', 'America/New_York', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'])(
    'writes what the one-off formatters write, in %s',
    (zone) => {
      const random = new Random(zone.length)
      const iso = zoneTimeFormatter(zone, 'iso')
      const local = zoneTimeFormatter(zone, 'spreadsheet')
      const instants = [
        Date.parse('2026-11-01T05:59:59Z'),
        Date.parse('2026-11-01T06:00:00Z'),
        Date.parse('2026-03-08T07:00:00Z'),
        0,
        Date.parse('1969-12-31T23:59:59Z'),
      ]
      for (let i = 0; i < 3000; i++)
        instants.push(Date.parse('2024-01-01T00:00:00Z') + random.int(0, 3 * 365 * 86_400) * 1000 + random.int(0, 999))
      for (const ms of instants) {
        expect(iso(ms)).toBe(formatIsoInZone(ms, zone))
        expect(local(ms)).toBe(formatLocalInZone(ms, zone))
      }
    },
  )
})
