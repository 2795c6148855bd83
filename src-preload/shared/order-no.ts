import { wallClockAt } from './timezone'

/** Letters and digits of a generated number: no I or O, which read as 1 and 0 over the phone. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'

const two = (n: number): string => String(n).padStart(2, '0')

/**
 * A merchant order number as Ping++ takes it (8–20 letters or digits, unique per merchant):
 * "OD", the shop's date and time to the second (yyMMddHHmmss) and six random characters, 20 in
 * all. Staff can tell when it was made; two made in the same second differ in 34⁶ ways.
 */
export function newMerchantOrderNo(now: number, timeZone: string, random: (n: number) => Uint32Array = randomWords): string {
  const c = wallClockAt(now, timeZone)
  const stamp = `${two(c.year % 100)}${two(c.month)}${two(c.day)}${two(c.hour)}${two(c.minute)}${two(c.second)}`
  const tail = Array.from(random(6), (w) => ALPHABET[w % ALPHABET.length]).join('')
  return `OD${stamp}${tail}`
}

function randomWords(n: number): Uint32Array {
  return globalThis.crypto.getRandomValues(new Uint32Array(n))
}
