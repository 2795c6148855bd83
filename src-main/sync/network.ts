import net from 'node:net'

/**
 * A cheap reachability probe: a TCP connection to each host, no request sent. "Online" means
 * at least one configured source can be reached; with no sources there is nothing to miss.
 */
export async function probeReachable(baseUrls: readonly string[], timeoutMs = 3000): Promise<boolean> {
  if (baseUrls.length === 0) return true
  const targets = [
    ...new Set(
      baseUrls
        .map(hostPort)
        .filter((t): t is { host: string; port: number } => t !== null)
        .map((t) => `${t.host}|${t.port}`),
    ),
  ]
  const attempts = targets.map((key) => {
    const [host, port] = key.split('|')
    return connect(host, Number(port), timeoutMs)
  })
  const results = await Promise.all(attempts)
  return results.some(Boolean)
}

function hostPort(url: string): { host: string; port: number } | null {
  try {
    const u = new URL(url)
    return { host: u.hostname, port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80 }
  } catch {
    return null
  }
}

function connect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
