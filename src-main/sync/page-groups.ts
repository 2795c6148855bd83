/**
 * Orders in one write group: a group goes as soon as it holds this many while the writer is free,
 * and pages gather up to it while the writer is busy. A larger group writes each order for less
 * (a commit rewrites every index page it touched), but the window's own writes (a note, a
 * cancelled order) wait for the group in progress: it stays a fraction of a second.
 */
export const WRITE_GROUP_ORDERS = 5000

interface Page {
  orders: readonly unknown[]
  skipped: readonly unknown[]
}

/**
 * Gathers one source's listed pages into write groups. Every transaction costs a write of each
 * database page it touched, so pages are written in groups: while the writer is free, a group
 * goes as soon as it holds WRITE_GROUP_ORDERS (or when the sync says so: the next page is
 * slow); while it is busy, pages gather into the next group, up to the same size, and only then
 * does `add` wait, so slow writes never mean small transactions.
 * Groups are written one at a time, in order, so each one's cursor is the next page after
 * everything written; at most two groups are held in memory.
 */
export class PageGroups<P extends Page> {
  private gathered: P[] = []
  private gatheredOrders = 0
  private writing: Promise<void> | null = null
  private failure: { error: unknown } | null = null

  /** `write` writes one group (in one transaction) and says what it wrote. */
  constructor(private readonly write: (pages: P[]) => Promise<void>) {}

  /** Pages fetched and not yet handed to the writer. */
  get waiting(): number {
    return this.gathered.length
  }

  /** The write in progress, if any: it never rejects (a failure is thrown by the next step). */
  get inProgress(): Promise<void> | null {
    return this.writing
  }

  /** Adds a fetched page; waits first while the group in the making cannot take it and the writer is busy. */
  async add(page: P): Promise<void> {
    const orders = page.orders.length + page.skipped.length
    while (this.gatheredOrders > 0 && this.gatheredOrders + orders > WRITE_GROUP_ORDERS && this.writing) await this.writing
    this.throwIfFailed()
    this.gathered.push(page)
    this.gatheredOrders += orders
    if (this.gatheredOrders >= WRITE_GROUP_ORDERS) this.flush()
  }

  /** Hands what has gathered to the writer now, if it is free. */
  flush(): void {
    if (this.writing || this.gathered.length === 0 || this.failure) return
    const pages = this.gathered
    this.gathered = []
    this.gatheredOrders = 0
    this.writing = this.write(pages)
      // Kept, never rejected: the listing throws it at its next step (a throwing progress
      // listener too), not as an unhandled rejection.
      .catch((error: unknown) => {
        this.failure ??= { error }
      })
      .finally(() => {
        this.writing = null
        if (this.gatheredOrders >= WRITE_GROUP_ORDERS) this.flush()
      })
  }

  /** Throws the first failed write, if any. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure.error
  }

  /** Writes everything gathered, and waits until it is written. */
  async writeAll(): Promise<void> {
    while (this.writing) await this.writing
    this.throwIfFailed()
    this.flush()
    while (this.writing) await this.writing
    this.throwIfFailed()
  }
}
