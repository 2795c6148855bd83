import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import tls from 'node:tls'

/** How long a probe waits for a server: with PROBE_INTERVAL_MS, a silent one is noticed within 5 s. */
export const PROBE_TIMEOUT_MS = 2000
/** The pause between two probes of the sources. */
export const PROBE_INTERVAL_MS = 3000

/**
 * How a source's server met a probe: it answered; it refused (nothing listens there, or the
 * name is unknown: the network itself works); it stayed silent past the timeout; or this
 * machine has no route to anywhere (no network, no DNS).
 */
export type Reach = 'answers' | 'refused' | 'silent' | 'no-route'

/** What the app shows: this machine offline, or online with the sources (ids) whose server does not answer. */
export interface NetworkState {
  online: boolean
  unreachable: string[]
}

/** Errors that say this machine cannot reach any network, not that one server is down. */
const NO_ROUTE = new Set(['ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN'])

/**
 * Whether this machine has a network connection besides loopback: an interface up with an
 * address that is not link-local (a cable out or Wi-Fi off leaves none).
 */
export function hasNetworkInterface(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): boolean {
  return Object.values(interfaces).some((addresses) =>
    (addresses ?? []).some((a) => !a.internal && !/^(169\.254\.|fe80:)/i.test(a.address)),
  )
}

/** The host and port a base URL talks to, or null when it does not parse. */
export function hostPort(url: string): { host: string; port: number; tls: boolean; path: string } | null {
  try {
    const u = new URL(url)
    const secure = u.protocol === 'https:'
    return {
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : secure ? 443 : 80,
      tls: secure,
      path: u.pathname || '/',
    }
  } catch {
    return null
  }
}

/** A host on this machine: reachable with no network at all. */
export function isLoopback(url: string): boolean {
  const host = hostPort(url)?.host.toLowerCase() ?? ''
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

/**
 * Probes one source's server. `answer: false` only opens a TCP connection (nothing is sent,
 * so nothing counts against the API's limits); `answer: true` waits for the server to answer
 * a HEAD request (a TLS handshake for https), which tells a server that accepts connections
 * but never replies from one that works.
 */
export function probeSource(baseUrl: string, options: { answer?: boolean; timeoutMs?: number } = {}): Promise<Reach> {
  const target = hostPort(baseUrl)
  if (!target) return Promise.resolve('refused')
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS
  return new Promise<Reach>((resolve) => {
    let settled = false
    let stop = (): void => undefined
    const done = (reach: Reach): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      stop()
      resolve(reach)
    }
    // Listened to with on(), not once(): tearing the connection down may report one more error.
    const failed = (error: NodeJS.ErrnoException): void => done(NO_ROUTE.has(error.code ?? '') ? 'no-route' : 'refused')
    const timer = setTimeout(() => done('silent'), timeoutMs)
    if (!options.answer) {
      const socket = net.connect({ host: target.host, port: target.port })
      stop = () => socket.destroy()
      socket.once('connect', () => done('answers')).on('error', failed)
    } else if (target.tls) {
      // Whether its certificate is good is the connection test's to say: here any handshake is an answer.
      const servername = net.isIP(target.host) ? undefined : target.host
      const socket = tls.connect({ host: target.host, port: target.port, servername, rejectUnauthorized: false })
      stop = () => socket.destroy()
      socket.once('secureConnect', () => done('answers')).on('error', failed)
    } else {
      const request = http.request({ host: target.host, port: target.port, method: 'HEAD', path: target.path, agent: false })
      stop = () => request.destroy()
      request
        .once('response', (response) => {
          response.resume()
          done('answers')
        })
        .on('error', failed)
        .end()
    }
  })
}

/**
 * The app's network state from the probes of its enabled sources. Offline only when no source
 * answered and this machine has no network (no interface, or every remote server out of route);
 * a server that refuses or stays silent is that source's trouble, not the network's.
 */
export function networkState(probes: ReadonlyArray<{ id: string; baseUrl: string; reach: Reach }>, hasInterface: boolean): NetworkState {
  const remote = probes.filter((p) => !isLoopback(p.baseUrl))
  const anyAnswer = probes.some((p) => p.reach === 'answers')
  const noRoute = remote.length > 0 && remote.every((p) => p.reach === 'no-route')
  return {
    online: anyAnswer || (hasInterface && !noRoute),
    unreachable: probes.filter((p) => p.reach !== 'answers').map((p) => p.id),
  }
}
