import fs from 'node:fs'
import { z } from 'zod'
import { SECRET_KEYS, sourceConfigSchema, type SourceConfig, type SourceKind } from './config'

export class SourcesFileError extends Error {
  override readonly name = 'SourcesFileError'
}

const fileSchema = z.strictObject({ sources: z.array(z.unknown()).min(1, 'lists no sources') })

/**
 * Reads and validates a sources file (README.md § The CLI). A credential written
 * `"${NAME}"` is read from the environment. Any problem is one error naming the file, the
 * source and the key; nothing is returned from a file that does not validate.
 */
export function loadSourcesFile(file: string, env: NodeJS.ProcessEnv = process.env): SourceConfig[] {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new SourcesFileError(`cannot read sources file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new SourcesFileError(`sources file ${file} is not valid JSON: ${(error as Error).message}`)
  }
  return parseSources(json, file, env)
}

export function parseSources(json: unknown, label: string, env: NodeJS.ProcessEnv = process.env): SourceConfig[] {
  const top = fileSchema.safeParse(json)
  if (!top.success) {
    const issue = top.error.issues[0]
    throw new SourcesFileError(`${label}: ${issue.path.length ? `key "${issue.path.join('.')}": ` : ''}${issue.message}`)
  }
  const seen = new Set<string>()
  return top.data.sources.map((entry, index) => {
    const name =
      typeof entry === 'object' && entry && 'id' in entry ? `source "${String((entry as { id: unknown }).id)}"` : `source #${index + 1}`
    const kind = typeof entry === 'object' && entry ? (entry as { kind?: unknown }).kind : undefined
    // An unknown kind is left to the schema, which names it; nothing is read for it.
    const secretKeys = typeof kind === 'string' && Object.hasOwn(SECRET_KEYS, kind) ? SECRET_KEYS[kind as SourceKind] : null
    const expanded = secretKeys ? expandEnv(entry, env, `${label}: ${name}`, secretKeys) : entry
    const parsed = sourceConfigSchema.safeParse(expanded)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const key = issue.path.join('.')
      const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : ''
      throw new SourcesFileError(`${label}: ${name}: ${key ? `key "${key}": ` : ''}${issue.message}${unknownKeys}`)
    }
    if (seen.has(parsed.data.id)) throw new SourcesFileError(`${label}: ${name}: key "id": duplicate id`)
    seen.add(parsed.data.id)
    return parsed.data
  })
}

/** A value that names an environment variable: `${NAME}`, the whole value. */
export const ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/

/**
 * Reads `"${NAME}"` credentials from the environment. Only credentials may name a variable:
 * elsewhere (a name, an address) it would show the environment to whoever reads the source
 * back, as an imported file's author does through the page.
 */
function expandEnv(value: unknown, env: NodeJS.ProcessEnv, where: string, secretKeys: readonly string[], key = ''): unknown {
  if (typeof value === 'string') {
    const m = ENV_REF.exec(value)
    if (!m) return value
    if (!secretKeys.includes(key)) {
      throw new SourcesFileError(
        `${where}: key "${key}": ${value} names an environment variable, which only credentials (${secretKeys.join(', ')}) may do; write the value itself`,
      )
    }
    const resolved = env[m[1]]
    if (resolved === undefined || resolved === '') {
      throw new SourcesFileError(`${where}: key "${key}": environment variable ${m[1]} is not set`)
    }
    return resolved
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, where, secretKeys, `${key}[${i}]`))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, where, secretKeys, key ? `${key}.${k}` : k)]))
  }
  return value
}
