/** Module resolve hook (node:module register()): `electron` is the stand-in beside this file. */
const standIn = new URL('./electron.mjs', import.meta.url).href

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: standIn, format: 'module', shortCircuit: true }
  return nextResolve(specifier, context)
}
