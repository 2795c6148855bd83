import net from 'node:net'

/**
 * Sends `head` (request line and headers, without the blank line) exactly as written, over a
 * plain TCP socket: for requests fetch() cannot express (a bad target, an absolute-form line).
 * Resolves with the status code of the answer, or null if the server closed without one or
 * sent nothing for five seconds (a server that threw on the request never answers).
 */
export function rawRequest(port: number, head: string): Promise<{ status: number | null; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let text = ''
    socket.setEncoding('latin1')
    socket.setTimeout(5000, () => socket.destroy())
    socket.on('data', (d: string) => (text += d))
    socket.on('error', reject)
    socket.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text)
      resolve({ status: m ? Number(m[1]) : null, text })
    })
    socket.write(`${head}\r\nConnection: close\r\n\r\n`, 'latin1')
  })
}
