import { ElMessage } from 'element-plus'
import { createApiClient, type ApiClient } from './client'
import { withPrefetched } from './prefetch'
import { appBridge } from './transport'

let client: ApiClient | null = null

/** The app's API client, created on first use with the transport this shell provides. */
export function api(): ApiClient {
  client ??= createApiClient(
    withPrefetched(appBridge()),
    (message) => void ElMessage({ type: 'error', message, showClose: true, duration: 6000 }),
  )
  return client
}
