import { ElMessage } from 'element-plus'
import type { OutcomeMessage } from './words'

/** Shows what a "sync now" led to; a failure stays longer, to be read. */
export function showOutcome(message: OutcomeMessage | null): void {
  if (!message) return
  ElMessage({ type: message.type, message: message.text, duration: message.type === 'error' ? 8000 : 4000, showClose: true })
}
