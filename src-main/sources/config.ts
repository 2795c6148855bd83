import crypto from 'node:crypto'
import { z } from 'zod'
import { isValidTimeZone } from '../../src-preload/shared/timezone'

/**
 * A configured source, as in the sources file (README.md § The CLI). The same shape is
 * stored in the database (credentials apart) and edited on the Sources page.
 */
export const SOURCE_KINDS = ['pub', 'appkey', 'pingpp', 'course'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'only letters, digits, _ . - are allowed')
const baseUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
// API tokens and keys are short; the bound keeps a pasted file out of the database.
const secret = z.string().min(1, 'must not be empty').max(4096)
// An RSA key of 8,192 bits is about 6,400 characters of PEM.
const pem = z.string().min(1).max(16_384)

/** Ping++ verifies RSA signatures (see pingppSignature): a key that Node cannot read as one would fail every request. */
function isRsaPrivateKey(text: string): boolean {
  try {
    return crypto.createPrivateKey({ key: text, format: 'pem' }).asymmetricKeyType === 'rsa'
  } catch {
    return false
  }
}

const common = {
  id,
  name: z.string().min(1).max(100),
  baseUrl,
  timezone: z.string().max(64).refine(isValidTimeZone, 'is not a known IANA time zone').default('Asia/Shanghai'),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code')
    .transform((c) => c.toUpperCase())
    .default('CNY'),
  lookbackDays: z.number().int().min(1).max(3650).default(30),
  pageSize: z.number().int().min(1).max(1000).optional(),
  /** Requests in flight at once for this source at most (default 4); a vendor that rate-limits hard may want fewer. */
  concurrency: z.number().int().min(1).max(16).optional(),
  /** Auto-sync interval in minutes; 0 turns auto-sync off. App setting, not in the CLI spec. */
  autoSyncMinutes: z.number().int().min(0).max(10080).default(10),
  /** Days between scheduled full syncs. */
  fullSyncDays: z.number().int().min(1).max(365).default(7),
  enabled: z.boolean().default(true),
}

export const pubSourceSchema = z.strictObject({ ...common, kind: z.literal('pub'), token: secret })
export const appkeySourceSchema = z.strictObject({
  ...common,
  kind: z.literal('appkey'),
  appKey: secret,
  token: secret,
})
const pingppShape = {
  ...common,
  kind: z.literal('pingpp'),
  appId: z.string().min(1).max(128),
  secretKey: secret,
}
export const pingppSourceSchema = z.strictObject({
  ...pingppShape,
  privateKeyPem: pem.refine(isRsaPrivateKey, 'is not an RSA private key in PEM form (-----BEGIN PRIVATE KEY-----)').optional(),
})
export const courseSourceSchema = z.strictObject({ ...common, kind: z.literal('course'), token: secret })

export const sourceConfigSchema = z.discriminatedUnion('kind', [
  pubSourceSchema,
  appkeySourceSchema,
  pingppSourceSchema,
  courseSourceSchema,
])
export type SourceConfig = z.output<typeof sourceConfigSchema>

/**
 * A source as stored: the same, except that a stored Ping++ key is not parsed again on every
 * read, so a source saved before keys were checked still opens and can be edited (saving it
 * checks the key).
 */
export const storedSourceConfigSchema: z.ZodType<SourceConfig> = z.discriminatedUnion('kind', [
  pubSourceSchema,
  appkeySourceSchema,
  z.strictObject({ ...pingppShape, privateKeyPem: pem.optional() }),
  courseSourceSchema,
])
export type SourceConfigInput = z.input<typeof sourceConfigSchema>
export type SourceConfigOf<K extends SourceKind> = Extract<SourceConfig, { kind: K }>

/** Keys of each kind that hold secrets: never logged, never sent back to the renderer in full. */
export const SECRET_KEYS: Record<SourceKind, readonly string[]> = {
  pub: ['token'],
  appkey: ['appKey', 'token'],
  pingpp: ['secretKey', 'privateKeyPem'],
  course: ['token'],
}
