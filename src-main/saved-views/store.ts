import { MAX_VIEWS, PRESET_VIEWS, viewStateSchema, type PresetView, type SavedView } from '../../src-preload/saved-views'
import type { Db } from '../db/database'
import { AppError } from '../shared/app-error'
import { PRESET_STATES } from './presets'

interface Row {
  id: number
  name: string | null
  preset: string | null
  position: number
  state: string
  created_at: number
  updated_at: number
}

/** A view as a file holds it (settings/file.ts): no id, no times; the file's order is its position. */
export interface ViewEntry {
  name: string | null
  preset: PresetView | null
  state: Record<string, unknown>
}

const isPreset = (p: string | null): p is PresetView => (PRESET_VIEWS as readonly (string | null)[]).includes(p)

/**
 * The order list's saved views. Callers pass arguments the contract validated;
 * what the contract cannot see (a name taken, an unknown id, too many views) is refused here,
 * before anything is written.
 */
export class SavedViewsStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  list(): SavedView[] {
    const rows = this.db.prepare('SELECT * FROM saved_views ORDER BY position, id').all() as Row[]
    return rows.map(toView)
  }

  get(id: number): SavedView {
    const row = this.db.prepare('SELECT * FROM saved_views WHERE id = ?').get(id) as Row | undefined
    if (!row) throw new AppError('not_found', `no saved view with id ${id}`, 'id')
    return toView(row)
  }

  /** A new view at the end of the tabs. */
  create(name: string, state: Record<string, unknown>): SavedView {
    return this.db.transaction(() => {
      this.assertRoom(1)
      this.assertNameFree(name, null)
      const at = this.now()
      const { id } = this.db
        .prepare(
          `INSERT INTO saved_views (name, preset, position, state, created_at, updated_at)
           VALUES (?, NULL, (SELECT coalesce(max(position) + 1, 0) FROM saved_views), ?, ?, ?) RETURNING id`,
        )
        .get(name, JSON.stringify(state), at, at) as { id: number }
      return this.get(id)
    })()
  }

  /** The view's state replaced by the list as it is now. */
  update(id: number, state: Record<string, unknown>): SavedView {
    this.get(id)
    this.db.prepare('UPDATE saved_views SET state = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(state), this.now(), id)
    return this.get(id)
  }

  rename(id: number, name: string): SavedView {
    return this.db.transaction(() => {
      this.get(id)
      this.assertNameFree(name, id)
      this.db.prepare('UPDATE saved_views SET name = ?, updated_at = ? WHERE id = ?').run(name, this.now(), id)
      return this.get(id)
    })()
  }

  /** The tabs in the order of `ids`, which must name every view once. */
  reorder(ids: number[]): SavedView[] {
    return this.db.transaction(() => {
      const current = this.list().map((v) => v.id)
      const given = new Set(ids)
      if (given.size !== ids.length) throw new AppError('invalid_argument', 'ids: names a view more than once', 'ids')
      const unknown = ids.find((id) => !current.includes(id))
      if (unknown !== undefined) throw new AppError('not_found', `ids: no saved view with id ${unknown}`, 'ids')
      const left = current.filter((id) => !given.has(id))
      if (left.length) throw new AppError('invalid_argument', `ids: must name every view; missing ${left.join(', ')}`, 'ids')
      const move = this.db.prepare('UPDATE saved_views SET position = ? WHERE id = ?')
      ids.forEach((id, position) => move.run(position, id))
      return this.list()
    })()
  }

  delete(id: number): void {
    this.db.transaction(() => {
      this.get(id)
      this.db.prepare('DELETE FROM saved_views WHERE id = ?').run(id)
      this.compact()
    })()
  }

  /** Puts back, at the end, the ready-made views that were deleted, as they first were. */
  restorePresets(): SavedView[] {
    return this.db.transaction(() => {
      const present = new Set(this.list().map((v) => v.preset))
      const missing = PRESET_VIEWS.filter((p) => !present.has(p))
      this.assertRoom(missing.length)
      for (const preset of missing) this.insertPreset(preset, PRESET_STATES[preset], null)
      return this.list()
    })()
  }

  /** Every view as a settings file holds it, in tab order. */
  entries(): ViewEntry[] {
    return this.list().map(({ name, preset, state }) => ({ name, preset, state }))
  }

  /**
   * A settings file's views, merged: a ready-made view by its preset, another by its name, takes
   * the file's state (and name); the rest are added at the end. Views the file lacks are kept.
   * Call inside the import's transaction: a refusal leaves everything as it was.
   */
  merge(entries: ViewEntry[]): number {
    const update = this.db.prepare('UPDATE saved_views SET name = ?, state = ?, updated_at = ? WHERE id = ?')
    const at = this.now()
    for (const entry of entries) {
      const state = parseState(entry.state)
      const views = this.list()
      const same = entry.preset
        ? views.find((v) => v.preset === entry.preset)
        : views.find((v) => v.preset === null && v.name === entry.name)
      if (same) {
        if (entry.name !== null && entry.name !== same.name) this.assertNameFree(entry.name, same.id)
        update.run(entry.name ?? same.name, JSON.stringify(state), at, same.id)
        continue
      }
      this.assertRoom(1)
      if (entry.name !== null) this.assertNameFree(entry.name, null)
      if (entry.preset) this.insertPreset(entry.preset, state, entry.name)
      else this.create(entry.name as string, state)
    }
    return entries.length
  }

  private insertPreset(preset: PresetView, state: Record<string, unknown>, name: string | null): void {
    const at = this.now()
    this.db
      .prepare(
        `INSERT INTO saved_views (name, preset, position, state, created_at, updated_at)
         VALUES (?, ?, (SELECT coalesce(max(position) + 1, 0) FROM saved_views), ?, ?, ?)`,
      )
      .run(name, preset, JSON.stringify(state), at, at)
  }

  private assertNameFree(name: string, except: number | null): void {
    const taken = this.db.prepare('SELECT id FROM saved_views WHERE name = ? AND id IS NOT ?').get(name, except)
    if (taken) throw new AppError('conflict', `name: a view named "${name}" exists`, 'name')
  }

  private assertRoom(adding: number): void {
    const { n } = this.db.prepare('SELECT count(*) AS n FROM saved_views').get() as { n: number }
    if (n + adding > MAX_VIEWS) throw new AppError('conflict', `at most ${MAX_VIEWS} saved views`)
  }

  /** Positions 0..n-1 again after a delete. */
  private compact(): void {
    const move = this.db.prepare('UPDATE saved_views SET position = ? WHERE id = ?')
    this.list().forEach((v, position) => move.run(position, v.id))
  }
}

/** A state checked as the contract checks one (for what arrives other than through a channel). */
export function parseState(state: unknown): Record<string, unknown> {
  const parsed = viewStateSchema.safeParse(state)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = ['state', ...issue.path].join('.')
  throw new AppError('invalid_argument', `${field}: ${issue.message}`, field)
}

function toView(row: Row): SavedView {
  let state: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(row.state)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) state = parsed as Record<string, unknown>
  } catch {
    // The table's CHECK keeps JSON objects only; an empty state reads as the list's defaults.
  }
  return {
    id: row.id,
    name: row.name,
    preset: isPreset(row.preset) ? row.preset : null,
    position: row.position,
    state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
