import { ElMessage } from 'element-plus'
import { h } from 'vue'
import ErrorWords from '../components/ErrorWords.vue'
import { i18n } from '../i18n'
import { linkExpired } from '../link-expired'
import { createApiClient, type ApiClient } from './client'
import { errorParts } from './error-words'
import { appBridge } from './transport'

let client: ApiClient | null = null

/** The app's API client, created on first use with the transport this shell provides. */
export function api(): ApiClient {
  client ??= createApiClient(
    appBridge(),
    // Once the link is known dead, its page says so; each refused call adds nothing.
    (error) =>
      void (
        linkExpired() ||
        ElMessage({ type: 'error', message: h(ErrorWords, errorParts(i18n.global.t, error)), showClose: true, duration: 6000 })
      ),
  )
  return client
}
