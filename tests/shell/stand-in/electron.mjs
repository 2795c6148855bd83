/**
 * A stand-in for the `electron` module, with just what src-main/shell uses, recording what the
 * built main process asks of it. Electron's binary cannot run in the test environment; the
 * resolve hook (hooks.mjs) hands this module to `import … from 'electron'` instead.
 * Where Electron itself refuses something (a second handler for a channel, an unknown path
 * name), so does the stand-in, so a mistake fails here as it would in the window.
 */
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'

const appDir = process.env.STANDIN_APP_DIR
const userData = process.env.STANDIN_USER_DATA
const documents = process.env.STANDIN_DOCUMENTS

/** Everything the app asked for, in order; read by the harness (run-main.mjs). */
export const record = {
  singleInstanceLock: 0,
  paths: [],
  quit: 0,
  windows: [],
  handlers: new Map(),
  menu: null,
  headersListener: null,
  permissionHandler: null,
  openExternal: [],
  errorBoxes: [],
  saveDialogs: [],
  /** The system notifications main showed: { title, body }, in order. */
  notifications: [],
  /** What main sent to the windows: { name, payload }, in order. */
  sent: [],
  onSent: new Set(),
}

let pageLoaded
/** Settles when the app loads its page into a window: start() has wired everything before that. */
export const loaded = new Promise((resolve) => (pageLoaded = resolve))

class App extends EventEmitter {
  requestSingleInstanceLock() {
    record.singleInstanceLock += 1
    return true
  }

  whenReady() {
    return Promise.resolve()
  }

  getPath(name) {
    record.paths.push(name)
    if (name === 'userData') return userData
    if (name === 'documents') return documents
    throw new Error(`Failed to get '${name}' path`)
  }

  getVersion() {
    return JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')).version
  }

  /** As Electron: before-quit, will-quit, quit, then the process ends, whatever work is still pending. */
  quit() {
    record.quit += 1
    let prevented = false
    const event = { preventDefault: () => (prevented = true) }
    this.emit('before-quit', event)
    if (prevented) return
    this.emit('will-quit', event)
    if (prevented) return
    this.emit('quit', event, 0)
    process.exit(0)
  }

  exit(code = 0) {
    process.exit(code)
  }
}

export const app = new App()

class WebContents extends EventEmitter {
  windowOpenHandler = null

  send(name, payload) {
    record.sent.push({ name, payload })
    for (const listener of record.onSent) listener()
  }

  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler
  }
}

const windows = []

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows]
  }

  static getFocusedWindow() {
    return null
  }

  constructor(options) {
    super()
    this.webContents = new WebContents()
    this.entry = { options, url: null, shown: false }
    record.windows.push(this.entry)
    windows.push(this)
  }

  loadURL(url) {
    this.entry.url = url
    pageLoaded()
    // Chromium has the page: the window may show.
    queueMicrotask(() => this.emit('ready-to-show'))
    return Promise.resolve()
  }

  show() {
    this.entry.shown = true
  }

  isMinimized() {
    return false
  }

  restore() {}

  focus() {}
}

export class Notification extends EventEmitter {
  static isSupported() {
    return true
  }

  constructor(options) {
    super()
    this.options = options
  }

  show() {
    record.notifications.push({ title: this.options.title, body: this.options.body })
  }
}

export const ipcMain = {
  handle(channel, listener) {
    if (record.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    record.handlers.set(channel, listener)
  },
}

export const Menu = {
  buildFromTemplate(template) {
    return { template }
  },
  setApplicationMenu(menu) {
    record.menu = menu
  },
}

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(listener) {
        record.headersListener = listener
      },
    },
    setPermissionRequestHandler(handler) {
      record.permissionHandler = handler
    },
  },
}

export const shell = {
  openExternal(url) {
    record.openExternal.push(url)
    return Promise.resolve()
  },
}

export const dialog = {
  /** The user accepts the name and folder offered. */
  showSaveDialog(windowOrOptions, maybeOptions) {
    const options = maybeOptions ?? windowOrOptions
    record.saveDialogs.push(options)
    return Promise.resolve({ canceled: false, filePath: options.defaultPath })
  },
  showErrorBox(title, content) {
    record.errorBoxes.push({ title, content })
    console.error(`showErrorBox: ${title}: ${content}`)
  },
}

const SEALED = Buffer.from('stand-in keychain:')

export const safeStorage = {
  isEncryptionAvailable() {
    return true
  },
  encryptString(plain) {
    return Buffer.concat([SEALED, Buffer.from(plain, 'utf8')])
  },
  decryptString(sealed) {
    if (!sealed.subarray(0, SEALED.length).equals(SEALED))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    return sealed.subarray(SEALED.length).toString('utf8')
  },
  getSelectedStorageBackend() {
    return 'gnome_libsecret'
  },
}

export default { app, BrowserWindow, ipcMain, Menu, session, shell, dialog, safeStorage, Notification }
