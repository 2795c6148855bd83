import type zh from './zh-CN'

const en: typeof zh = {
  app: { name: 'OrderDesk' },
  nav: { orders: 'Orders', revenue: 'Revenue', sources: 'Sources', syncLog: 'Sync log' },
  header: {
    online: 'Online',
    offline: 'Offline',
    lastSync: 'Last sync: {time}',
    neverSynced: 'Never synced',
    language: 'Language',
  },
  common: { loading: 'Loading…', refresh: 'Refresh', none: '—', total: '{n} in total' },
  empty: {
    noSourcesTitle: 'No sources yet',
    noSourcesHint:
      'Add an order API (a source) on the Sources page, or load a sources file from the command line: npm run web -- --config sources.json. Synced orders are kept on this computer and stay readable offline.',
    goSources: 'Go to Sources',
    noOrders: 'No orders yet: they appear here once a source has synced.',
    noRuns: 'No sync runs yet.',
  },
  orders: {
    title: 'Orders',
    columns: {
      source: 'Source',
      orderNo: 'Order no.',
      product: 'Product',
      customer: 'Customer',
      status: 'Status',
      due: 'Due',
      paid: 'Paid',
      refunded: 'Refunded',
      createdAt: 'Created',
      paidAt: 'Paid at',
    },
  },
  status: {
    pending: 'Pending',
    paid: 'Paid',
    partially_refunded: 'Partly refunded',
    refunded: 'Refunded',
    canceled: 'Canceled',
    failed: 'Failed',
    unknown: 'Unknown',
  },
  revenue: { title: 'Revenue', comingWithData: 'Revenue charts appear here once orders are synced.' },
  sources: {
    title: 'Sources',
    kind: 'Kind',
    name: 'Name',
    baseUrl: 'API base URL',
    orders: 'Orders',
    lastSuccess: 'Last successful sync',
    lastError: 'Last error',
    demo: 'Demo',
    enabled: 'Enabled',
    disabled: 'Disabled',
    kinds: { pub: 'Proxy shop (pub)', appkey: 'Shop (appkey)', pingpp: 'Ping++', course: 'Live courses (course)' },
  },
  syncLog: {
    title: 'Sync log',
    started: 'Started',
    finished: 'Finished',
    trigger: 'Trigger',
    status: 'Result',
    counts: 'New / changed / unchanged / skipped',
    errors: 'Errors',
    triggers: { manual: 'Manual', scheduled: 'Scheduled', startup: 'At start-up', cli: 'Command line' },
    statuses: { running: 'Running', ok: 'OK', partial: 'Partly failed', failed: 'Failed', canceled: 'Canceled' },
  },
}

export default en
