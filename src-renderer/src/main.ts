// The page's entry, small and free of Vue: it asks for what the first screen shows, then loads the
// app (app.ts). The answers arrive while the browser fetches and compiles the app's code, the
// longest part of a launch; the app's first identical calls take them.
import { wallClockAt } from '../../src-preload/shared/timezone'
import { prefetch } from './api/prefetch'
import { appBridge } from './api/transport'
import { answersRead, FIRST_ANSWERS_WAIT_MS, firstScreenCalls, rememberedZone } from './first-screen'
import { linkExpired } from './link-expired'

const answers: Array<Promise<unknown>> = []
try {
  for (const [channel, args] of firstScreenCalls(localStorage, location.hash)) answers.push(prefetch(appBridge(), channel, args))
  // The list shows times in the user's zone, and the first formatter for a zone loads its data:
  // paid here, while the main thread is otherwise idle until the app's code is in.
  wallClockAt(Date.now(), rememberedZone(localStorage))
} catch (error) {
  // Only a head start: the app asks for what is not here itself, and reports its own errors.
  console.warn('OrderDesk: the first screen was not asked for early:', error)
}
// The app's code is evaluated and the shell built in one long task; answers still unread then
// wait for it and for a frame of the bare shell, which delays the list. So the app is imported
// once they are in, or after a short wait; its code is fetched and compiled meanwhile either way.
// A link the browser shell refused gets its one page (link-expired.ts), not a half-working app.
void answersRead(answers, FIRST_ANSWERS_WAIT_MS).then(() => (linkExpired() ? undefined : import('./app')))
