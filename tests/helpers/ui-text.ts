/** Chinese characters and full-width punctuation: what a half-width mark must not be written against. */
const CHINESE = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/
const HALF_WIDTH = /[,.;:!?()]/

/** The character next to position i in the direction of step, past spaces ('' at either end). */
function beside(text: string, i: number, step: 1 | -1): string {
  let j = i + step
  while (text[j] === ' ') j += step
  return text[j] ?? ''
}

/**
 * Every half-width mark written against Chinese text, with the characters around it: "接口(数据源"
 * gives "接口(数据". Half-width stays right between Latin words and numbers ("10:37", "App Key",
 * "v2.1"); a full stop counts only after Chinese, so a number or a file name inside stays.
 */
export function halfWidthInChinese(text: string): string[] {
  const found: string[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (!HALF_WIDTH.test(c)) continue
    const left = CHINESE.test(beside(text, i, -1))
    if (c === '.' ? left : left || CHINESE.test(beside(text, i, 1))) found.push(text.slice(Math.max(0, i - 3), i + 4))
  }
  return found
}

/**
 * What shop staff must never be shown: a command to type, an API path ("/pub/payment/list"; not
 * the "//" of an address, nor its lower-case "http"), an HTTP status ("HTTP 404", "code 404") or
 * a system error code ("ECONNREFUSED"). `numbers` also takes a bare 4xx/5xx, for text without
 * amounts in it (the catalogues).
 */
export function notForStaff(text: string, options: { numbers?: boolean } = {}): string[] {
  const patterns = [
    /\bnpm\b/gi,
    /(?<![:/\w.])\/[A-Za-z][\w-]*\/[\w-]+/g,
    /\bHTTP\b/g,
    /\bcode \d{3}\b/gi,
    /\bE(?:CONN\w+|TIMEDOUT|NOTFOUND|AI_AGAIN|HOSTUNREACH|NETUNREACH|PIPE|PROTO)\b/g,
    ...(options.numbers ? [/\b[45]\d\d\b/g] : []),
  ]
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[0]))
}
