/**
 * Runs the built main process (<app>/out/main/index.js) under the Electron stand-in, in a child
 * process of the test, and answers the test's requests over the IPC channel: what the app asked
 * of Electron so far, calls through the handlers it registered, the events it sent the window.
 */
import { register } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

register('./hooks.mjs', import.meta.url)
const { app, BrowserWindow, loaded, record } = await import('./electron.mjs')

const appDir = process.env.STANDIN_APP_DIR
await import(pathToFileURL(path.join(appDir, 'out/main/index.js')).href)

/** The next event of this name that main sends to the windows (each is handed out once). */
const taken = new Set()
function nextSent(name) {
  return new Promise((resolve) => {
    const look = () => {
      const index = record.sent.findIndex((s, i) => s.name === name && !taken.has(i))
      if (index === -1) return
      taken.add(index)
      record.onSent.delete(look)
      resolve(record.sent[index].payload)
    }
    record.onSent.add(look)
    look()
  })
}

function snapshot() {
  return {
    singleInstanceLock: record.singleInstanceLock,
    paths: record.paths,
    appEvents: app.eventNames(),
    quit: record.quit,
    windows: record.windows,
    channels: [...record.handlers.keys()],
    menu: record.menu,
    headersListener: record.headersListener !== null,
    permissionHandler: record.permissionHandler !== null,
    openExternal: record.openExternal,
    errorBoxes: record.errorBoxes,
    saveDialogs: record.saveDialogs,
  }
}

const ops = {
  record: () => snapshot(),
  /** A call from the renderer: `frame` is the sender frame's url and whether it has a parent. */
  invoke: ({ channel, args, frame }) => {
    const handler = record.handlers.get(channel)
    if (!handler) throw new Error(`no handler for ${channel}`)
    const senderFrame = { url: frame.url, parent: frame.subframe ? { url: frame.url, parent: null } : null }
    return handler({ senderFrame, sender: null }, args)
  },
  headers: ({ responseHeaders }) =>
    new Promise((resolve) => record.headersListener({ url: 'file:///index.html', responseHeaders }, (response) => resolve(response))),
  permission: ({ permission }) => new Promise((resolve) => record.permissionHandler(null, permission, (granted) => resolve(granted))),
  /** A navigation inside the first window: whether it was stopped, and what went to the system browser. */
  navigate: ({ url }) => {
    let prevented = false
    BrowserWindow.getAllWindows()[0].webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url)
    return { prevented, openExternal: record.openExternal }
  },
  event: ({ name }) => nextSent(name),
  quit: () => {
    app.quit()
    return null
  },
}

await loaded
process.on('message', async ({ id, op, ...payload }) => {
  try {
    process.send({ id, result: await ops[op](payload) })
  } catch (error) {
    process.send({ id, error: error instanceof Error ? error.stack : String(error) })
  }
})
process.send({ ready: true })
