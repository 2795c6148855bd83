import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('..', import.meta.url))

export default defineConfig({
  root,
  plugins: [vue()],
  resolve: {
    alias: {
      '@renderer': fileURLToPath(new URL('../src-renderer/src', import.meta.url)),
    },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Renderer component tests run in happy-dom; everything else in Node.
    environment: 'node',
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
})
