/**
 * Column widths fitted to a table: each column keeps its width, and the first shown of `grow`
 * takes whatever room is left, so the columns fill the table's width while they fit. When they
 * do not, they keep their widths and the table scrolls sideways (its first column pinned).
 */
export function fitColumns<K extends string>(
  columns: ReadonlyArray<{ key: K; width: number }>,
  room: number,
  grow: readonly K[],
): Partial<Record<K, number>> {
  const widths: Partial<Record<K, number>> = {}
  let used = 0
  for (const c of columns) {
    widths[c.key] = c.width
    used += c.width
  }
  const spare = Math.floor(room - used)
  const growing = grow.map((key) => columns.find((c) => c.key === key)).find((c) => c !== undefined)
  if (spare > 0 && growing) widths[growing.key] = growing.width + spare
  return widths
}
