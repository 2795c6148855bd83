import type { Db } from '../db/database'

/**
 * Finding the orders whose ids (order no, trade no, customer id, remote id) contain a keyword
 * of three characters or more.
 *
 * The trigram index answers a phrase by walking the lists of all its trigrams in step, so a
 * phrase costs about as much as its commonest trigrams' lists. Ids are mostly digits, and some
 * digit trigrams sit in most orders ("202" and "026" in every date-based number): a twelve-digit
 * order number took 15–40 ms at a million orders, nearly all of it in those few lists. So, as a
 * query planner keeps statistics, the search keeps a sample of the orders' ids, estimates from
 * it what each run of the keyword's trigrams would cost and how many orders it would let
 * through, asks the index only for the cheapest run, and checks those few orders' ids for the
 * whole keyword. The sample only steers speed: every order returned has been checked.
 */

/** Orders in the sample, read as short runs of neighbouring rows spread over the whole table. */
const SAMPLE_RUNS = 40
const SAMPLE_RUN_LENGTH = 50
/** The sample is drawn again once the cache has grown or shrunk by this share. */
const RESAMPLE_CHANGE = 0.25

/**
 * Measured at a million orders on the benchmark machine: walking a trigram list costs about
 * 22 ns per order in it (a phrase reads each list up to about twice its rarest list's length;
 * fitted over 360 phrases); checking a candidate's ids 2–35 µs (it reads the order's row, from
 * memory or from disk).
 */
const LIST_ENTRY_MS = 22e-6
const CANDIDATE_MS = 10e-3
/** Checking this many candidates is always worth a try. */
const MIN_CAP = 50

export interface IdSample {
  /** Orders in the cache when the sample was drawn. */
  orders: number
  /** Each sampled order's ids, lower-cased. */
  ids: string[][]
  /** For each trigram, the sampled orders whose ids contain it (indexes into `ids`). */
  trigrams: Map<string, number[]>
}

export interface IdSearchPlan {
  /** The part of the keyword the trigram index is asked for. */
  asked: string
  /** False when `asked` is the whole keyword, so the index's answer needs no check. */
  check: boolean
  /** With a check: past this many candidates, asking for the whole keyword is cheaper. */
  cap: number
}

const samples = new WeakMap<Db, IdSample>()

function trigramsOf(chars: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i + 3 <= chars.length; i++) out.push(chars[i] + chars[i + 1] + chars[i + 2])
  return out
}

function cachedOrders(db: Db): number {
  return Number((db.prepare('SELECT coalesce(sum(n), 0) AS n FROM order_counts').get() as { n: number }).n)
}

/** Reads a fresh sample of the ids of the cache's `orders` orders. */
function drawIdSample(db: Db, orders: number): IdSample {
  const bounds = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM orders').get() as { lo: number | null; hi: number | null }
  const run = db.prepare('SELECT order_no, trade_no, customer_id, remote_id FROM orders WHERE id >= ? ORDER BY id LIMIT ?').raw()
  const ids: string[][] = []
  const seen = new Set<string>()
  if (bounds.lo !== null && bounds.hi !== null) {
    for (let i = 0; i < SAMPLE_RUNS; i++) {
      const from = Math.floor(bounds.lo + ((bounds.hi - bounds.lo + 1) * i) / SAMPLE_RUNS)
      for (const row of run.all(from, SAMPLE_RUN_LENGTH) as Array<Array<string | null>>) {
        const key = row.join('\u0001')
        // Runs overlap when the cache is small; an order counts once.
        if (seen.has(key)) continue
        seen.add(key)
        ids.push(row.filter((id): id is string => id !== null).map((id) => id.toLowerCase()))
      }
    }
  }
  return sampleOf(orders, ids)
}

/** A sample made of these orders' ids (lower-cased) out of a cache of `orders`. */
export function sampleOf(orders: number, ids: string[][]): IdSample {
  const trigrams = new Map<string, number[]>()
  ids.forEach((orderIds, index) => {
    const own = new Set<string>()
    for (const id of orderIds) for (const trigram of trigramsOf([...id])) own.add(trigram)
    for (const trigram of own) {
      const list = trigrams.get(trigram)
      if (list) list.push(index)
      else trigrams.set(trigram, [index])
    }
  })
  return { orders, ids, trigrams }
}

/** The sample for this connection, drawn again when the cache has changed size by a quarter. */
export function idSample(db: Db): IdSample {
  const kept = samples.get(db)
  const orders = cachedOrders(db)
  if (kept && Math.abs(orders - kept.orders) <= RESAMPLE_CHANGE * Math.max(kept.orders, 1)) return kept
  const sample = drawIdSample(db, orders)
  samples.set(db, sample)
  return sample
}

/**
 * Which run of the keyword's trigrams to ask the index for: the one whose list walking plus
 * candidate checking is estimated cheapest. The whole keyword needs no check, so it wins
 * whenever no shorter run is much rarer than it. A sample cannot tell a run held by a hundred
 * orders from one held by a thousand, so the plan also says how many candidates are worth
 * checking before the whole keyword would have been cheaper.
 */
export function planIdSearch(sample: IdSample, keyword: string): IdSearchPlan {
  const chars = [...keyword.toLowerCase()]
  const trigrams = trigramsOf(chars)
  const whole: IdSearchPlan = { asked: keyword, check: false, cap: 0 }
  if (trigrams.length <= 1 || sample.ids.length === 0) return whole
  const size = sample.ids.length
  const orders = Math.max(sample.orders, size)
  // Share of orders whose ids hold each trigram; half an order for one the sample never saw.
  const share = trigrams.map((t) => ((sample.trigrams.get(t)?.length ?? 0) + 0.5) / size)
  const walkMs = (from: number, to: number): number => {
    let least = Infinity
    for (let i = from; i <= to; i++) least = Math.min(least, share[i])
    let walked = 0
    for (let i = from; i <= to; i++) walked += Math.min(share[i], 2 * least)
    return LIST_ENTRY_MS * walked * orders
  }
  let rarest = 0
  share.forEach((s, i) => {
    if (s < share[rarest]) rarest = i
  })
  // Any run worth asking for holds the rarest trigram; its sampled orders are the only ones
  // such a run can match, so estimating a run's matches reads just those.
  const pool = (sample.trigrams.get(trigrams[rarest]) ?? []).map((i) => sample.ids[i])
  const wholeMs = walkMs(0, trigrams.length - 1)
  let best = { from: 0, to: trigrams.length - 1, ms: wholeMs }
  for (let from = 0; from <= rarest; from++) {
    for (let to = rarest; to < trigrams.length; to++) {
      if (from === 0 && to === trigrams.length - 1) continue
      const walk = walkMs(from, to)
      // Its walk alone costs more than the best so far: no need to count its matches.
      if (walk >= best.ms) continue
      const text = chars.slice(from, to + 3).join('')
      const matches = pool.filter((orderIds) => orderIds.some((id) => id.includes(text))).length
      const ms = walk + CANDIDATE_MS * ((matches + 0.5) / size) * orders
      if (ms < best.ms) best = { from, to, ms }
    }
  }
  if (best.ms >= wholeMs) return whole
  return {
    asked: [...keyword].slice(best.from, best.to + 3).join(''),
    check: true,
    cap: Math.max(MIN_CAP, Math.floor((wholeMs - walkMs(best.from, best.to)) / CANDIDATE_MS)),
  }
}

/** Text as an FTS5 phrase: matched as it is, quotes and all. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`
}

/** The orders whose ids hold the text, by the trigram index alone; at most `limit`, ascending. */
function matching(db: Db, text: string, limit: number): number[] {
  return db.prepare('SELECT rowid FROM order_search WHERE order_search MATCH ? LIMIT ?').pluck().all(ftsPhrase(text), limit) as number[]
}

/**
 * The ids of the orders whose ids contain the keyword (case aside), ascending; null when there
 * are more than `limit`.
 */
export function searchOrderIds(db: Db, keyword: string, limit: number): number[] | null {
  return searchByPlan(db, keyword, planIdSearch(idSample(db), keyword), limit)
}

/** The search carried out as planned (exported for tests, which also hand it plans that fail). */
export function searchByPlan(db: Db, keyword: string, plan: IdSearchPlan, limit: number): number[] | null {
  if (plan.check) {
    const candidates = matching(db, plan.asked, plan.cap + 1)
    // More than the plan thought: asking for the whole keyword is now the cheaper way on.
    if (candidates.length <= plan.cap) return checked(db, candidates, keyword, limit)
  }
  const ids = matching(db, keyword, limit + 1)
  return ids.length > limit ? null : ids
}

/** The candidates whose ids contain the keyword, ascending. */
function checked(db: Db, candidates: number[], keyword: string, limit: number): number[] | null {
  const wanted = keyword.toLowerCase()
  const rows = db
    .prepare('SELECT id, order_no, trade_no, customer_id, remote_id FROM orders WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id')
    .raw()
    .all(JSON.stringify(candidates)) as Array<[number, ...Array<string | null>]>
  const ids = rows
    .filter(([, ...orderIds]) => orderIds.some((value) => value !== null && value.toLowerCase().includes(wanted)))
    .map(([id]) => id)
  return ids.length > limit ? null : ids
}
