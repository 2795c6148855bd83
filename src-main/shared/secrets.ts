/** Shows a secret's last four characters only. */
export function maskSecret(value: string): string {
  return value.length <= 4 ? '••••' : `••••${value.slice(-4)}`
}

/** Shorter values are not looked for: masking every "t" or "42" would garble the message, not protect a key. */
const SHORTEST_REDACTED = 4

/** The ways a secret can appear in a message: as is, in a URL, inside JSON, as an HTTP Basic credential. */
function formsOf(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(`${secret}:`).toString('base64').replace(/=+$/, ''),
  ]
}

/**
 * Replaces every occurrence of each secret in `text` (raw, URL-encoded in either hex case,
 * JSON-escaped, base64 as HTTP Basic sends it) by its mask, the last four characters only.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text
  const longestFirst = [...new Set(secrets)].filter((s) => s.length >= SHORTEST_REDACTED).sort((a, b) => b.length - a.length)
  for (const secret of longestFirst) {
    const patterns = [...new Set(formsOf(secret))]
      .sort((a, b) => b.length - a.length)
      .map((form) =>
        form
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/%([0-9A-F])([0-9A-F])/g, (_, a: string, b: string) => `%[${a}${a.toLowerCase()}][${b}${b.toLowerCase()}]`),
      )
    const mask = maskSecret(secret)
    out = out.replace(new RegExp(patterns.join('|'), 'g'), () => mask)
  }
  return out
}

/** Masks secrets (redactSecrets) in every string of a JSON-like value, keys included. */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets)
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecrets(k, secrets), redactValue(v, secrets)]))
  }
  return value
}

/**
 * Texts to look for where redactSecrets may mask something: each secret long enough to be
 * masked, in each of its forms, less those that hold another (a text with one holds the
 * other too). Hex digits are given in one case only: a search for them must ignore case (SQL
 * LIKE does).
 */
export function secretSearchForms(secrets: readonly string[]): string[] {
  const forms = [...new Set(secrets.filter((s) => s.length >= SHORTEST_REDACTED).flatMap(formsOf))]
  return forms.filter((form) => !forms.some((other) => other !== form && form.includes(other)))
}
