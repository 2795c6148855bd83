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
      // whole library at start-up: evaluating all of it was most of the first second of a launch.
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
      },
    },
  },
})
