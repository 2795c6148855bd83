/**
 * The months a day-range picker opens on for `today` (`YYYY-MM-DD`): the month before on the
 * left, today's month on the right, as local dates (the picker reads them in the browser's zone).
 */
export function pickerMonths(today: string): [Date, Date] {
  const [year, month] = today.split('-').map(Number)
  return [new Date(year, month - 2, 1), new Date(year, month - 1, 1)]
}
