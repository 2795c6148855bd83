/**
 * The desktop shell: window, menu, IPC wiring, safeStorage, dialogs. The only part of
 * OrderDesk that imports Electron; everything it serves comes from Core.
 */
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, BrowserWindow, ipcMain, Menu, session, shell, dialog } from 'electron'
import { Core } from '../api/core'
import { createHandlers } from '../api/handlers'
import { defaultDbPath } from '../shared/paths'
import { CONTENT_SECURITY_POLICY } from './csp'
import { desktopNotifications } from './desktop-notifications'
import { registerIpcHandlers } from './ipc'
import { SafeStorageSecretBox } from './safe-storage-box'
import { installNavigationGuards, isAppUrl, mainWindowOptions } from './window-options'

const here = path.dirname(fileURLToPath(import.meta.url))
const devServerUrl = process.env.ELECTRON_RENDERER_URL
// A file URL, not `file://` + path: a '#', '%' or '?' in the install folder, or a Windows drive path,
// would otherwise break the address the window loads and the check of which page is calling.
const appUrl = devServerUrl ?? pathToFileURL(path.join(here, '../renderer/index.html')).href

function dbPathFromArgs(): string {
  const index = process.argv.indexOf('--db')
  if (index !== -1 && process.argv[index + 1]) return path.resolve(process.argv[index + 1])
  const inline = process.argv.find((a) => a.startsWith('--db='))
  return inline ? path.resolve(inline.slice('--db='.length)) : defaultDbPath(app.getPath('userData'))
}

let mainWindow: BrowserWindow | null = null

async function start(): Promise<void> {
  let core: Core
  try {
    core = new Core({
      dbPath: dbPathFromArgs(),
      secrets: new SafeStorageSecretBox(),
      shell: 'electron',
      version: app.getVersion(),
      workers: {
        sync: { url: new URL('./syncWorker.js', import.meta.url) },
        syncWriter: { url: new URL('./syncWriter.js', import.meta.url) },
        export: { url: new URL('./exportWorker.js', import.meta.url) },
      },
      chooseExportTarget: async (defaultName) => {
        const window = BrowserWindow.getFocusedWindow() ?? mainWindow
        const workbook = defaultName.endsWith('.xlsx')
        const filters = [workbook ? { name: 'Excel', extensions: ['xlsx'] } : { name: 'CSV', extensions: ['csv'] }]
        const options = { defaultPath: path.join(app.getPath('documents'), defaultName), filters }
        const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
        return choice.canceled || !choice.filePath ? null : { file: choice.filePath, downloadUrl: null }
      },
    })
  } catch (error) {
    dialog.showErrorBox('OrderDesk cannot open its database', (error as Error).message)
    app.exit(1)
    return
  }
  // Electron ends the process right after will-quit, without waiting for promises: the quit waits
  // here until the sync and export threads have stopped and the database is closed, then goes on.
  let closed = false
  let closing: Promise<void> | null = null
  app.on('will-quit', (event) => {
    if (closed) return
    event.preventDefault()
    closing ??= core
      .close()
      .catch((error: unknown) => console.error('OrderDesk: closing the database failed:', error))
      .finally(() => {
        closed = true
        app.quit()
      })
  })

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))

  core.events.subscribe({
    emit: (name, payload) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(name, payload)
    },
  })
  core.events.subscribe(
    desktopNotifications(
      () => mainWindow,
      () => core.settings.get().locale,
    ),
  )
  registerIpcHandlers(ipcMain, createHandlers(core), (event) => {
    const frame = event.senderFrame
    return frame !== null && frame.parent === null && isAppUrl(frame.url, appUrl)
  })

  Menu.setApplicationMenu(
    Menu.buildFromTemplate([{ role: 'fileMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }]),
  )
  createWindow()
  await core.resumeDemo()
  core.sync.startScheduler()
}

function createWindow(): void {
  mainWindow = new BrowserWindow(mainWindowOptions(path.join(here, '../preload/index.cjs')))
  installNavigationGuards(mainWindow.webContents, appUrl, (url) => void shell.openExternal(url))
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.on('closed', () => (mainWindow = null))
  void mainWindow.loadURL(appUrl)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
  void app.whenReady().then(start)
}
