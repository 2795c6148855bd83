import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import { useAppStore } from './stores/app'
import { useOrdersStore } from './stores/orders'
import { isOrdersLink } from './stores/orders-view'
// The pages a start lands on (the 工作台, or the list from a link) are in the main bundle: no second round trip before they show.
import HomeView from './views/HomeView.vue'
import OrdersView from './views/OrdersView.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView },
  { path: '/home', redirect: '/' },
  {
    path: '/orders',
    name: 'orders',
    component: OrdersView,
    // The rows are asked for before the list is built, so it is built once, with them. A link
    // from the revenue page sets other filters first: the list asks for itself then.
    // The settings (the zone the filters' dates are cut in) and the sources' kinds (what the
    // create button offers) come with the start-up load, which runs meanwhile.
    beforeEnter: async (to) => {
      await Promise.all([isOrdersLink(to.query) ? undefined : useOrdersStore().askEarly(), useAppStore().loaded()])
    },
  },
  { path: '/revenue', name: 'revenue', component: () => import('./views/RevenueView.vue') },
  { path: '/sources', name: 'sources', component: () => import('./views/SourcesView.vue') },
  { path: '/sync-log', name: 'syncLog', component: () => import('./views/SyncLogView.vue') },
]

// Hash history: the page is a file in the desktop app and a single URL in the web shell.
export const router = createRouter({ history: createWebHashHistory(), routes })
