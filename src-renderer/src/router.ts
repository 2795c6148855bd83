import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
// The page every start lands on is in the main bundle: no second round trip before the first rows.
import OrdersView from './views/OrdersView.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/orders' },
  { path: '/orders', name: 'orders', component: OrdersView },
  { path: '/revenue', name: 'revenue', component: () => import('./views/RevenueView.vue') },
  { path: '/sources', name: 'sources', component: () => import('./views/SourcesView.vue') },
  { path: '/sync-log', name: 'syncLog', component: () => import('./views/SyncLogView.vue') },
]

// Hash history: the page is a file in the desktop app and a single URL in the web shell.
export const router = createRouter({ history: createWebHashHistory(), routes })
