/** The renderer at scale: placeholder until the orders workspace lands (see the README). */
export async function benchRenderer(_dbFile: string): Promise<null> {
  return null
}
