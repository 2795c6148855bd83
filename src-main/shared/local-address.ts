import dgram from 'node:dgram'
import dns from 'node:dns/promises'

/**
 * The address this computer sends from to reach the host of `url`: the one the system's routing
 * picks, found by connecting a UDP socket to it, which sends nothing.
 */
export async function localAddressToward(url: string): Promise<string> {
  const target = new URL(url)
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1')
  const { address, family } = await dns.lookup(host)
  const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4')
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.connect(Number(target.port) || (target.protocol === 'https:' ? 443 : 80), address, () => resolve())
    })
    return socket.address().address
  } finally {
    socket.close()
  }
}
