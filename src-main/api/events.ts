import type { EventMap, EventName } from '../../src-preload/contract'

/** Where handlers and services push events: IPC to windows, or the web shell's stream. */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: EventMap[E]): void
}

/** Fans events out to whichever shells are listening; the core needs no shell to emit. */
export class EventHub implements EventSink {
  private readonly sinks = new Set<EventSink>()

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink)
    return () => void this.sinks.delete(sink)
  }

  emit<E extends EventName>(name: E, payload: EventMap[E]): void {
    for (const sink of this.sinks) sink.emit(name, payload)
  }
}
