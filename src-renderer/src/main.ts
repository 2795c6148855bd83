// The page's entry, small and free of Vue: it asks for what the first screen shows, then loads the
// app (app.ts). The answers arrive while the browser fetches and compiles the app's code, which
// takes most of a launch's first half second; the app's first identical calls take them.
import { wallClockAt } from '../../src-preload/shared/timezone'
import { prefetch } from './api/prefetch'
import { appBridge } from './api/transport'
import { answersRead, FIRST_ANSWERS_WAIT_MS, firstScreenCalls, rememberedZone } from './first-screen'
import { linkExpired } from './link-expired'

const answers: Array<Promise<unknown>> = []
try {
  for (const [channel, args] of firstScreenCalls(localStorage, location.hash)) answers.push(prefetch(appBridge(), channel, args))
  // The list shows times in the user's zone. The first formatter for it costs tens of milliseconds
  // (the zone data is loaded); paid here, the main thread is otherwise idle until the app's code is in.
  wallClockAt(Date.now(), rememberedZone(localStorage))
} catch (error) {
  // Only a head start: the app asks for what is not here itself, and reports its own errors.
  console.warn('OrderDesk: the first screen was not asked for early:', error)
}
// The app's code is evaluated and the shell built in one long task. Answers whose reading is still
// pending then are read only after it and after a frame of the bare shell: measured, the list
// was built 100-150 ms later than when the answers are read first. So the app is imported once
// they are in, or after a short wait; its code is fetched and compiled meanwhile either way.
// A link the browser shell refused gets its one page (link-expired.ts), not a half-working app.
void answersRead(answers, FIRST_ANSWERS_WAIT_MS).then(() => (linkExpired() ? undefined : import('./app')))
