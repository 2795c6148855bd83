import { describe, expect, it } from 'vitest'
import { SELECTION_CAP } from '../../../../src-preload/contract-values'
import { useSelection } from '../../../../src-renderer/src/components/batch/selection'

const row = (id: number, orderNo: string | null = `NO${id}`) => ({ id, order_no: orderNo, remote_id: `R${id}` })
const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => row(from + i))

describe('the list’s selection', () => {
  it('keeps rows of several pages, and copies their numbers one a line in the order chosen (the remote id without a number)', () => {
    const s = useSelection()
    s.toggle(row(7))
    s.togglePage(page(100, 3), true)
    s.toggle(row(9, null))
    expect(s.size.value).toBe(5)
    expect(s.numbers()).toBe(['NO7', 'NO100', 'NO101', 'NO102', 'R9'].join('\n'))
    expect(s.pageState(page(100, 3))).toBe('all')
    s.toggle(row(101))
    expect(s.pageState(page(100, 3))).toBe('some')
    s.remove([7, 100])
    expect(s.ids.value).toEqual([102, 9])
  })

  it('stops at the cap, whatever way rows are added, and says a whole filter’s count when cut there', () => {
    const s = useSelection()
    s.togglePage(page(1, SELECTION_CAP + 5), true)
    expect(s.size.value).toBe(SELECTION_CAP)
    s.toggle(row(SELECTION_CAP + 100))
    expect(s.size.value).toBe(SELECTION_CAP)
    s.replace(
      page(1, SELECTION_CAP).map((r) => ({ id: r.id, orderNo: r.order_no! })),
      SELECTION_CAP + 5,
    )
    expect(s.cappedOf.value).toBe(SELECTION_CAP + 5)
    expect(s.clear()).toBe(SELECTION_CAP)
    expect(s.cappedOf.value).toBe(null)
  })
})
