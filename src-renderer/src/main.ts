// Templates get their Element Plus components (and styles) imported by the build; these are
// the services and render-function components called from scripts, which it cannot see.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/tag/style/css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { useAppStore } from './stores/app'

const pinia = createPinia()
const app = createApp(App).use(pinia)
// Settings and sources are asked for before the shell is built, beside the list's first page
// (which the route asks for), not after.
void useAppStore(pinia).load()
app.use(router).use(i18n).mount('#app')
