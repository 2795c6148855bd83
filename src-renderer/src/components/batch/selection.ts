import { computed, shallowRef, triggerRef } from 'vue'
import { SELECTION_CAP } from '../../../../src-preload/contract-values'

/** A row as the selection needs it: its id, and its number as staff read it. */
export interface Selectable {
  id: number
  order_no: string | null
  remote_id: string
}

/**
 * The list's selected orders, by id, with the numbers they show (to copy them without asking
 * main): kept across pages and sorts, in the order they were selected. One map replaced or
 * triggered, not a reactive one: "all of this filter" puts up to SELECTION_CAP entries in it.
 */
export function useSelection() {
  const chosen = shallowRef(new Map<number, string>())
  /** The filter's count when "all of this filter" was cut at the cap; null otherwise. */
  const cappedOf = shallowRef<number | null>(null)
  const size = computed(() => chosen.value.size)
  const ids = computed(() => [...chosen.value.keys()])

  const has = (id: number): boolean => chosen.value.has(id)
  const numberOf = (row: Selectable): string => row.order_no ?? row.remote_id

  function toggle(row: Selectable, on = !has(row.id)): void {
    if (on && !has(row.id) && chosen.value.size >= SELECTION_CAP) return
    if (on) chosen.value.set(row.id, numberOf(row))
    else chosen.value.delete(row.id)
    cappedOf.value = null
    triggerRef(chosen)
  }

  /** Selects or unselects every row of a page. */
  function togglePage(rows: readonly Selectable[], on: boolean): void {
    for (const row of rows) {
      if (!on) chosen.value.delete(row.id)
      else if (chosen.value.size < SELECTION_CAP) chosen.value.set(row.id, numberOf(row))
    }
    cappedOf.value = null
    triggerRef(chosen)
  }

  /** How many of a page's rows are selected: none, some or all. */
  function pageState(rows: readonly Selectable[]): 'none' | 'some' | 'all' {
    const n = rows.filter((r) => chosen.value.has(r.id)).length
    return n === 0 ? 'none' : n === rows.length ? 'all' : 'some'
  }

  /** The orders of a whole filter, as main answered them (at most SELECTION_CAP of `total`). */
  function replace(orders: ReadonlyArray<{ id: number; orderNo: string }>, total: number): void {
    chosen.value = new Map(orders.map((o) => [o.id, o.orderNo]))
    cappedOf.value = total > orders.length ? total : null
  }

  /** Unselects these orders (those a batch action is done with). */
  function remove(done: readonly number[]): void {
    for (const id of done) chosen.value.delete(id)
    cappedOf.value = null
    triggerRef(chosen)
  }

  /** Clears the selection; returns how many were selected. */
  function clear(): number {
    const n = chosen.value.size
    chosen.value = new Map()
    cappedOf.value = null
    return n
  }

  /** The selected orders' numbers, one a line, in the order they were selected. */
  const numbers = (): string => [...chosen.value.values()].join('\n')

  return { size, ids, cappedOf, has, toggle, togglePage, pageState, replace, remove, clear, numbers }
}

export type Selection = ReturnType<typeof useSelection>
