/**
 * Deterministic randomness for the sandboxes' seeded data: the same seed gives the same
 * shop, so tests can compare a synced cache with the sandbox exactly.
 */
export class Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0)
    let r = this.next() * total
    for (const [value, weight] of items) {
      r -= weight
      if (r < 0) return value
    }
    return items[items.length - 1][0]
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  digits(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += String(this.int(0, 9))
    return s
  }

  /** Letters (both cases) and digits, as in Ping++'s `ch_…` and `re_…` ids. */
  alnum(n: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
    let s = ''
    for (let i = 0; i < n; i++) s += chars[this.int(0, chars.length - 1)]
    return s
  }

  hex(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += this.int(0, 15).toString(16)
    return s
  }
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
  '欧阳',
  '司马',
]
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '小二',
  '子涵',
  '浩然',
  '一诺',
  '梓萱',
]

export function chineseName(random: Random): string {
  return random.pick(SURNAMES) + random.pick(GIVEN)
}

export const DAY_MS = 86_400_000

/**
 * A creation time within the last `days` days before `now`, spread across the day in
 * China time, with a share right around midnight (00:00–00:59 and 23:00–23:59 China time)
 * so that day cuts are exercised.
 */
export function recentInstant(random: Random, now: number, days = 150): number {
  const dayOffset = random.int(0, days - 1)
  const shanghaiMidnight = Math.floor((now + 8 * 3600_000) / DAY_MS) * DAY_MS - 8 * 3600_000 - dayOffset * DAY_MS
  const nearMidnight = random.chance(0.12)
  const secondOfDay = nearMidnight
    ? random.chance(0.5)
      ? random.int(0, 3599)
      : random.int(23 * 3600, 86399)
    : random.int(7 * 3600, 23 * 3600)
  const t = shanghaiMidnight + secondOfDay * 1000
  return Math.min(t, now - 60_000)
}
