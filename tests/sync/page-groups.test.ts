import { describe, expect, it } from 'vitest'
import { PageGroups, WRITE_GROUP_ORDERS } from '../../src-main/sync/page-groups'

interface TestPage {
  id: number
  orders: number[]
  skipped: number[]
}

const page = (id: number, orders = 100): TestPage => ({ id, orders: Array.from({ length: orders }, () => id), skipped: [] })

/** Page groups over a writer whose writes the test settles one by one. */
function harness() {
  const written: number[][] = []
  const writes: Array<{ resolve: () => void; reject: (error: Error) => void }> = []
  let inProgress = 0
  let mostAtOnce = 0
  const groups = new PageGroups<TestPage>((pages) => {
    written.push(pages.map((p) => p.id))
    mostAtOnce = Math.max(mostAtOnce, ++inProgress)
    return new Promise<void>((resolve, reject) => writes.push({ resolve, reject })).finally(() => inProgress--)
  })
  return { groups, written, writes, mostAtOnce: () => mostAtOnce }
}

/** Lets every settled promise's handlers run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('page groups', () => {
  it('while the writer is free, a group goes once it holds a full group', async () => {
    const { groups, written } = harness()
    const perGroup = WRITE_GROUP_ORDERS / 100
    for (let i = 1; i < perGroup; i++) await groups.add(page(i))
    expect(written).toEqual([])
    expect(groups.waiting).toBe(perGroup - 1)
    await groups.add(page(perGroup))
    expect(written).toEqual([Array.from({ length: perGroup }, (_, i) => i + 1)])
    expect(groups.waiting).toBe(0)
  })

  it('while it is busy, pages gather up to a full group, and only then does adding wait', async () => {
    const { groups, written, writes, mostAtOnce } = harness()
    await groups.add(page(0, WRITE_GROUP_ORDERS))
    expect(written).toHaveLength(1)
    const fit = WRITE_GROUP_ORDERS / 100
    for (let i = 1; i <= fit; i++) await groups.add(page(i))
    expect(groups.waiting).toBe(fit)
    // One page more does not fit: it waits for the writer.
    let added = false
    const adding = groups.add(page(fit + 1)).then(() => (added = true))
    await settle()
    expect(added).toBe(false)
    writes[0].resolve()
    await adding
    // The writer took the full group as soon as it was free; the page waiting starts the next.
    expect(written[1]).toEqual(Array.from({ length: fit }, (_, i) => i + 1))
    expect(groups.waiting).toBe(1)
    writes[1].resolve()
    const all = groups.writeAll()
    await settle()
    writes[2].resolve()
    await all
    expect(written).toEqual([[0], Array.from({ length: fit }, (_, i) => i + 1), [fit + 1]])
    // One group at a time, always.
    expect(mostAtOnce()).toBe(1)
  })

  it('a group waiting when the writer frees up goes at once if it is full, else at the next flush', async () => {
    const { groups, written, writes } = harness()
    await groups.add(page(0, WRITE_GROUP_ORDERS))
    await groups.add(page(1, 50))
    writes[0].resolve()
    await settle()
    expect(written).toHaveLength(1)
    groups.flush()
    expect(written).toEqual([[0], [1]])
    await groups.add(page(2, WRITE_GROUP_ORDERS))
    writes[1].resolve()
    await settle()
    expect(written).toEqual([[0], [1], [2]])
  })

  it('after a failed write, nothing more is written and the failure is thrown at the next step', async () => {
    const { groups, written, writes } = harness()
    await groups.add(page(0, WRITE_GROUP_ORDERS))
    await groups.add(page(1, WRITE_GROUP_ORDERS))
    writes[0].reject(new Error('disk full'))
    await settle()
    // The group gathered meanwhile is not written after the failed one: its cursor would skip it.
    expect(written).toEqual([[0]])
    expect(() => groups.throwIfFailed()).toThrow('disk full')
    await expect(groups.add(page(2))).rejects.toThrow('disk full')
    await expect(groups.writeAll()).rejects.toThrow('disk full')
    expect(written).toEqual([[0]])
  })

  it('writeAll writes what has gathered, after what is being written, and waits for both', async () => {
    const { groups, written, writes } = harness()
    await groups.add(page(0, WRITE_GROUP_ORDERS))
    await groups.add(page(1))
    let done = false
    const all = groups.writeAll().then(() => (done = true))
    await settle()
    expect(written).toEqual([[0]])
    writes[0].resolve()
    await settle()
    expect(written).toEqual([[0], [1]])
    expect(done).toBe(false)
    writes[1].resolve()
    await all
    expect(groups.waiting).toBe(0)
  })
})
