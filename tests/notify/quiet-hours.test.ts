import { describe, expect, it } from 'vitest'
import { inQuietHours } from '../../src-main/notify/quiet-hours'

/** The instant a Shanghai wall clock (UTC+8, no daylight saving) shows on 2026-12-06. */
const shanghai = (clock: string): number => Date.parse(`2026-12-06T${clock}:00+08:00`)
const night = { enabled: true, from: '22:00', to: '08:00' }
const ZONE = 'Asia/Shanghai'

describe('quiet hours', () => {
  it('crossing midnight: quiet from its start, through midnight, up to (not at) its end', () => {
    expect(inQuietHours(shanghai('22:00'), night, ZONE)).toBe(true)
    expect(inQuietHours(shanghai('23:59'), night, ZONE)).toBe(true)
    expect(inQuietHours(shanghai('00:00'), night, ZONE)).toBe(true)
    expect(inQuietHours(shanghai('07:59'), night, ZONE)).toBe(true)
    expect(inQuietHours(shanghai('08:00'), night, ZONE)).toBe(false)
    expect(inQuietHours(shanghai('21:59'), night, ZONE)).toBe(false)
  })

  it('within one day: quiet only between its start and its end', () => {
    const lunch = { enabled: true, from: '12:00', to: '13:30' }
    expect(inQuietHours(shanghai('11:59'), lunch, ZONE)).toBe(false)
    expect(inQuietHours(shanghai('12:00'), lunch, ZONE)).toBe(true)
    expect(inQuietHours(shanghai('13:29'), lunch, ZONE)).toBe(true)
    expect(inQuietHours(shanghai('13:30'), lunch, ZONE)).toBe(false)
    expect(inQuietHours(shanghai('23:00'), lunch, ZONE)).toBe(false)
  })

  it("reads the clock in the settings' zone, not the machine's nor UTC", () => {
    // 23:00 in Shanghai is 15:00 UTC and 10:00 in New York.
    const at = shanghai('23:00')
    expect(inQuietHours(at, night, 'Asia/Shanghai')).toBe(true)
    expect(inQuietHours(at, night, 'UTC')).toBe(false)
    expect(inQuietHours(at, night, 'America/New_York')).toBe(false)
    // 07:00 in Shanghai is 23:00 UTC the day before: quiet in both.
    expect(inQuietHours(shanghai('07:00'), night, 'UTC')).toBe(true)
  })

  it('switched off, it is never quiet', () => {
    expect(inQuietHours(shanghai('23:00'), { ...night, enabled: false }, ZONE)).toBe(false)
  })
})
