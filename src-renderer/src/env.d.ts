/// <reference types="vite/client" />
import type { Bridge } from '../../src-preload/contract'

declare global {
  interface Window {
    /** Exposed by the preload in the desktop app; absent in the browser shell. */
    orderdesk?: Bridge
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
