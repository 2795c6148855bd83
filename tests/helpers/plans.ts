import type { Db } from '../../src-main/db/database'

// Only tests titled `plan: …` use these: they check how a query reads, beside what it answers.

/**
 * The query plans of the statements `run` prepares and runs on `db`, each as SQLite explains it
 * with the same arguments, beside its SQL: to check which tables and indexes a query reads.
 */
export function plansOf(db: Db, run: () => void): Array<{ sql: string; plan: string }> {
  const plans: Array<{ sql: string; plan: string }> = []
  const prepare = db.prepare.bind(db)
  db.prepare = ((sql: string) => {
    const statement = prepare(sql)
    const explain = (args: unknown[]): void =>
      void plans.push(
        ...(prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((p) => ({ sql, plan: p.detail })),
      )
    return new Proxy(statement, {
      get: (target, key, receiver) => {
        const value = Reflect.get(target, key, receiver)
        if (key !== 'all' && key !== 'get') return typeof value === 'function' ? value.bind(target) : value
        return (...args: unknown[]) => (explain(args), (value as (...a: unknown[]) => unknown).apply(target, args))
      },
    })
  }) as typeof db.prepare
  try {
    run()
  } finally {
    db.prepare = prepare
  }
  return plans
}

/** The reads of a table aliased `o` among the plans: how each statement on it finds its rows. */
export function readsOf(plans: Array<{ sql: string; plan: string }>, table: string): string[] {
  return plans.filter((p) => p.sql.includes(`FROM ${table} o`) && /^(SCAN|SEARCH) o\b/.test(p.plan)).map((p) => p.plan)
}
