import crypto from 'node:crypto'
import { SECRET_KEYS } from './config'
import type { SecretBox } from './secret-box'

/** The source a set of credentials belongs to, as its database row names it. */
export interface CredentialOwner {
  id: string
  kind: string
  baseUrl: string
}

/**
 * What a sealed blob gave: the secrets (`legacy` when they name no source), or why none
 * (`unopened` when this box could not open it at all).
 */
export type OpenedCredentials = { secrets: Record<string, unknown>; legacy: boolean } | { problem: string; unopened?: true }

/**
 * A base URL as compared and sealed: the same place written alike or not (case of the host,
 * a default port, a final slash).
 */
export function canonicalAddress(url: unknown): string {
  try {
    return new URL(String(url)).href.replace(/\/+$/, '')
  } catch {
    return String(url)
  }
}

/**
 * Seals a source's credentials together with the source they are for: its id, kind and
 * canonical address. The database row says where they are sent, and whoever can write the
 * database but not unseal (a shared folder) could point a row elsewhere or give it another
 * row's blob; a blob that names another source is refused on open.
 *
 * The binding lies inside the sealed text rather than in AES-GCM's associated data because
 * Electron's safeStorage takes none, and one check then serves both boxes. The digest of the
 * binding and the secrets is for safeStorage on macOS and Linux, which encrypts with AES-CBC
 * and nothing that detects a change: blocks of two blobs can be spliced into one that opens,
 * binding from one and secrets from the other, but its digest cannot be made without knowing
 * the secrets.
 */
export function sealCredentials(box: SecretBox, owner: CredentialOwner, secrets: Record<string, unknown>): Buffer {
  const bound = { id: owner.id, kind: owner.kind, baseUrl: canonicalAddress(owner.baseUrl) }
  return box.seal(JSON.stringify({ v: 2, for: bound, secrets, sha256: digest(bound, secrets) }))
}

/**
 * Opens credentials sealed for `owner`. A blob sealed for another source or address, altered,
 * or that this box cannot open gives a problem, in words, instead. One sealed before blobs
 * named their source comes back marked `legacy`; whether to take it is the caller's choice.
 */
export function openCredentials(box: SecretBox, sealed: Buffer, owner: CredentialOwner): OpenedCredentials {
  let text: string
  try {
    text = box.open(sealed)
  } catch {
    return { problem: 'its stored credentials cannot be opened here (sealed by another secret store, or damaged)', unopened: true }
  }
  let opened: unknown
  try {
    opened = JSON.parse(text)
  } catch {
    return { problem: 'its stored credentials are damaged' }
  }
  if (!isRecord(opened)) return { problem: 'its stored credentials are damaged' }
  if (!('v' in opened)) {
    return isLegacy(opened) ? { secrets: opened, legacy: true } : { problem: 'its stored credentials are damaged' }
  }
  const { v, for: bound, secrets, sha256 } = opened
  if (v !== 2 || !isRecord(bound) || !isRecord(secrets) || sha256 !== digest(bound, secrets)) {
    return { problem: 'its stored credentials are damaged or were altered' }
  }
  if (bound.id !== owner.id || bound.kind !== owner.kind || bound.baseUrl !== canonicalAddress(owner.baseUrl)) {
    return { problem: 'its stored credentials were sealed for another source or address' }
  }
  return { secrets, legacy: false }
}

function digest(bound: unknown, secrets: unknown): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([bound, secrets]))
    .digest('hex')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const ALL_SECRET_KEYS = new Set(Object.values(SECRET_KEYS).flat())

/** The credentials as sealed before they named their source: secret keys with string values, nothing else. */
function isLegacy(opened: Record<string, unknown>): boolean {
  return Object.entries(opened).every(([key, value]) => ALL_SECRET_KEYS.has(key) && typeof value === 'string')
}
