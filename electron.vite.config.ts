import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { defineConfig } from 'electron-vite'
import { CONTENT_SECURITY_POLICY } from './src-main/shell/csp'

const __dirname = dirname(fileURLToPath(import.meta.url))

// The project keeps src-main, src-preload and src-renderer at the top level, so every entry
// and the renderer root are set explicitly (electron-vite defaults to src/main etc.).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/shell/main.ts'),
          // Worker threads are entries of their own, loaded by URL next to index.js.
          syncWorker: resolve(__dirname, 'src-main/sync/worker.ts'),
          syncWriter: resolve(__dirname, 'src-main/sync/write-thread.ts'),
          exportWorker: resolve(__dirname, 'src-main/export/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be one CommonJS file with its dependencies inside.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: {
      alias: { '@renderer': resolve(__dirname, 'src-renderer/src') },
    },
    plugins: [
      vue(),
      // Element Plus components and their styles imported where the templates use them, not the
      // whole library at start-up, where evaluating all of it would hold back the first screen.
      Components({ dirs: [], resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
      {
        name: 'orderdesk-csp',
        transformIndexHtml: (html) =>
          html.replace('<!-- CSP -->', `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
      },
    ],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      chunkSizeWarningLimit: 2500,
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-renderer/index.html') },
        output: {
          codeSplitting: {
            groups: [{ name: startUpLibraries(resolve(__dirname, 'src-renderer/src/main.ts')), test: /[\\/]node_modules[\\/]/ }],
          },
        },
      },
    },
  },
})

/**
 * The libraries the app's start-up imports, in two chunks of about the same size (Element Plus's
 * components; Vue and the rest), which the browser compiles side by side. Left to itself, the
 * bundler cuts them into a dozen chunks by which of the on-demand parts (dialogs, date picker,
 * other pages) also use each piece, and the start-up waits on all of them, losing what loading
 * those parts on demand saves. What only on-demand parts use stays with them.
 */
function startUpLibraries(
  appEntry: string,
): (id: string, ctx: { getModuleInfo(id: string): { importedIds: readonly string[] } | null }) => string | null {
  let startUp: Set<string> | null = null
  return (id, ctx) => {
    if (!startUp) {
      // Everything the entry reaches through static imports (dynamic imports are the on-demand
      // parts), except through Element Plus's index, which imports every component: a component
      // is in when its style is, as the build imports both where a template uses it.
      startUp = new Set([appEntry])
      for (const seen of startUp) {
        if (/[\\/]element-plus[\\/]es[\\/]index\.mjs$/.test(seen)) continue
        for (const next of ctx.getModuleInfo(seen)?.importedIds ?? []) startUp.add(next)
        const styled = /^(.*[\\/]element-plus[\\/]es[\\/]components[\\/][^\\/]+[\\/])style[\\/]css\.mjs$/.exec(seen)
        if (styled) startUp.add(`${styled[1]}index.mjs`)
      }
    }
    if (!startUp.has(id)) return null
    return /[\\/]element-plus[\\/]es[\\/]components[\\/]/.test(id) ? 'ui' : 'libs'
  }
}
