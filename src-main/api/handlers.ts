import { connectorKinds, createConnector } from '../connectors'
import { cancelOrder, createOrder } from '../orders/actions'
import { cancelMany, cancelPlan, selectAll } from '../orders/batch'
import { saveAnnotation, tagCounts } from '../notes/notes'
import { getOrderDetail, orderIdOf, orderKey, statusCounts } from '../orders/detail'
import { sourceProducts } from '../orders/products'
import { listOrders, productTypes, sourceProductTypes } from '../orders/queries'
import { orderTotals } from '../orders/totals'
import { OrderWriter } from '../orders/writer'
import { answered, CONNECTION_TEST_TIMEOUT_MS, testConnection } from '../sources/test-connection'
import { AppError } from '../shared/app-error'
import { listSkippedRecords, listSyncRuns } from '../sync/log'
import { revenueDashboard } from '../revenue/dashboard'
import { settlementReport } from '../revenue/settlement'
import { homeSummary } from '../home/summary'
import { reconcileSource, reconciliationHistory } from '../reconcile/reconcile'
import { markReachable, retrySoon } from '../sync/backoff'
import { exportSettingsFile, importSettingsFile } from '../settings/file'
import type { Core } from './core'
import type { Handlers } from './dispatch'

/** The contract's handlers over one Core. Arguments arrive validated by dispatch(). */
export function createHandlers(core: Core): Handlers {
  const kinds = connectorKinds()
  const detail = (id: number) => getOrderDetail(core.db, id, kinds)
  const connectorOf = (sourceId: string) => {
    const config = core.sources.getConfig(sourceId)
    return { config, connector: createConnector(config) }
  }
  /** Batch cancels under way, by the run id the window gave: orders:cancelStop stops one. */
  const cancelRuns = new Map<string, AbortController>()
  return {
    'app:info': () => ({
      version: core.options.version,
      shell: core.options.shell,
      dbPath: core.options.dbPath,
      schemaVersion: core.schemaVersion,
      platform: process.platform,
    }),
    'settings:get': () => core.settings.get(),
    'settings:set': async (patch) => {
      const settings = await core.write(() => core.settings.set(patch))
      core.events.emit('settings:changed', settings)
      return settings
    },
    'settings:export': () => ({ text: exportSettingsFile(core.settings, core.views) }),
    'settings:import': async ({ text }) => {
      const imported = await core.write(() => importSettingsFile(core.db, core.settings, core.views, text))
      core.events.emit('settings:changed', imported.settings)
      return imported
    },
    'views:list': () => core.views.list(),
    'views:save': ({ id, name, state }) =>
      core.write(() => (id !== undefined ? core.views.update(id, state) : core.views.create(name!, state))),
    'views:rename': ({ id, name }) => core.write(() => core.views.rename(id, name)),
    'views:reorder': ({ ids }) => core.write(() => core.views.reorder(ids)),
    'views:delete': async ({ id }) => {
      await core.write(() => core.views.delete(id))
      return { deleted: true as const }
    },
    'views:restorePresets': () => core.write(() => core.views.restorePresets()),
    'sources:list': () => core.sources.listViews(),
    'orders:list': (args) => listOrders(core.db, args),
    'orders:get': ({ id }) => detail(id),
    'orders:refresh': async ({ id }) => {
      const { sourceId, remoteId, orderNo } = orderKey(core.db, id)
      const { connector } = connectorOf(sourceId)
      if (!connector.capabilities.get) throw new AppError('unsupported', 'this source cannot fetch a single order')
      const order = await connector.get(remoteId, undefined, { order_no: orderNo })
      await core.write(() => new OrderWriter(core.db).upsert(sourceId, [order], Date.now()))
      return detail(id)
    },
    'orders:statusCounts': ({ filter }) =>
      statusCounts(core.db, { ...filter, statuses: undefined }) as ReturnType<Handlers['orders:statusCounts']>,
    'orders:totals': ({ filter }) => orderTotals(core.db, filter),
    'orders:productTypes': () => productTypes(core.db),
    'orders:products': ({ sourceId }) => {
      if (!core.sources.ids().includes(sourceId)) throw new AppError('not_found', `no source with id "${sourceId}"`)
      return sourceProducts(core.db, sourceId)
    },
    'orders:sourceProductTypes': () => sourceProductTypes(core.db),
    'orders:create': async ({ sourceId, input }) => {
      const { config, connector } = connectorOf(sourceId)
      const order = await createOrder(core.db, core.write, config, connector, input)
      return detail(orderIdOf(core.db, sourceId, order.remote_id))
    },
    'orders:cancel': async ({ id }) => {
      const { sourceId, remoteId } = orderKey(core.db, id)
      const { config, connector } = connectorOf(sourceId)
      await cancelOrder(core.db, core.write, config, connector, remoteId)
      return detail(id)
    },
    'orders:selectAll': ({ filter }) => selectAll(core.db, filter),
    'orders:cancelPlan': ({ ids }) => cancelPlan(core.db, kinds, ids),
    'orders:cancelMany': async ({ runId, ids }) => {
      if (cancelRuns.has(runId)) throw new AppError('conflict', `batch cancel ${runId} is already running`)
      const controller = new AbortController()
      cancelRuns.set(runId, controller)
      try {
        const outcomes = await cancelMany(ids, {
          db: core.db,
          write: core.write,
          kinds,
          connectorOf,
          signal: controller.signal,
          onOutcome: (outcome, answered) => core.events.emit('orders:cancelProgress', { runId, outcome, answered, total: ids.length }),
        })
        return { runId, outcomes }
      } finally {
        cancelRuns.delete(runId)
      }
    },
    'orders:cancelStop': ({ runId }) => {
      const run = cancelRuns.get(runId)
      run?.abort()
      return { stopped: run !== undefined }
    },
    'orders:annotate': async ({ id, note, tags }) => {
      await core.write(() => saveAnnotation(core.db, orderKey(core.db, id), { note, tags }, Date.now()))
      return detail(id)
    },
    'orders:tags': () => tagCounts(core.db),
    'sources:kinds': () => kinds,
    'sources:save': async ({ source, isNew }) => {
      const saved = await core.write(() => {
        const config = core.sources.save(source, isNew)
        // Settings just changed: a failing source is tried at the next tick, not after its backoff.
        retrySoon(core.db, config.id)
        return config
      })
      core.sync.forgetReach(saved.id)
      return core.sources.view(saved.id)
    },
    'sources:setEnabled': async ({ id, enabled }) => {
      await core.write(() => core.sources.setEnabled(id, enabled))
      core.sync.forgetReach(id)
      return core.sources.view(id)
    },
    'sources:remove': async ({ id, keepOrders }) => {
      const ordersDeleted = await core.write(() => core.sources.remove(id, keepOrders))
      core.sync.forgetReach(id)
      return { removed: true, ordersDeleted }
    },
    'sources:test': async (args) => {
      const options = { timeoutMs: CONNECTION_TEST_TIMEOUT_MS }
      if ('id' in args) {
        const verdict = await testConnection(createConnector(core.sources.getConfig(args.id), options))
        if (verdict.kind !== 'internal') core.sync.noteReach(args.id, answered(verdict))
        // Answering the test ends a failing spell: the header and the Sources page stop showing it.
        if (verdict.ok) await core.write(() => markReachable(core.db, args.id))
        return verdict
      }
      return testConnection(createConnector(core.sources.configToTest(args.source), options))
    },
    'sources:import': async ({ text }) => ({ imported: await core.write(() => core.sources.importFile(text)) }),
    'sources:export': () => ({ text: core.sources.exportFile() }),
    'sources:secretStore': () => core.options.secrets.describe(),
    'revenue:dashboard': (args) => revenueDashboard(core.db, { ...args, tz: core.settings.get().timezone }),
    'revenue:settlement': (args) => settlementReport(core.db, { ...args, tz: core.settings.get().timezone }),
    'export:start': (request) => core.exports.start(request),
    'export:cancel': ({ jobId }) => core.exports.cancel(jobId),
    'reconcile:run': ({ sourceId }) => {
      const { config, connector } = connectorOf(sourceId)
      return reconcileSource(core.db, core.write, config, connector)
    },
    'reconcile:history': ({ sourceId, limit }) => reconciliationHistory(core.db, sourceId, limit),
    'sync:skipped': ({ runId }) => listSkippedRecords(core.db, runId),
    'sync:start': (args) => core.sync.start({ ...args, trigger: 'manual' }),
    'sync:cancel': () => core.sync.cancel(),
    'sync:status': () => core.sync.status(),
    'demo:start': async () => {
      const sources = await core.demo.start()
      // A sync already running (rare on a first run) is left alone; auto-sync picks the demo up.
      if (!core.sync.status().running) core.sync.start({ sources, trigger: 'manual' })
      return { sources }
    },
    'demo:remove': async () => ({ removed: await core.demo.remove() }),
    'sync:runs': ({ limit }) => listSyncRuns(core.db, limit),
    'notifications:list': () => core.notifier.store.list(),
    'notifications:markRead': ({ ids }) => core.write(() => core.notifier.store.markRead(ids)),
    'home:summary': () => homeSummary(core.db, core.sources.listViews(), core.settings.get().timezone, Date.now()),
  }
}
