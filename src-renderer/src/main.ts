// The page's entry, small and free of Vue: it asks for what the first screen shows, then loads the
// app (app.ts). The answers arrive while the browser fetches and compiles the app's code, which
// takes most of a launch's first half second; the app's first identical calls take them.
import { wallClockAt } from '../../src-main/shared/timezone'
import { prefetch } from './api/prefetch'
import { appBridge } from './api/transport'
import { firstScreenCalls, rememberedZone } from './first-screen'

void import('./app')
try {
  for (const [channel, args] of firstScreenCalls(localStorage, location.hash)) prefetch(appBridge(), channel, args)
  // The list shows times in the user's zone. The first formatter for it costs tens of milliseconds
  // (the zone data is loaded); paid here, the main thread is otherwise idle until the app's code is in.
  wallClockAt(Date.now(), rememberedZone(localStorage))
} catch (error) {
  // Only a head start: the app asks for what is not here itself, and reports its own errors.
  console.warn('OrderDesk: the first screen was not asked for early:', error)
}
