import { onMounted, onUnmounted, ref, type Ref } from 'vue'

/** The current time, refreshed every `periodMs` while the component lives: "next retry" turns into "shortly" once passed. */
export function useNow(periodMs = 15_000): Ref<number> {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), periodMs)
  })
  onUnmounted(() => clearInterval(timer))
  return now
}
