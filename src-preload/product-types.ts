/**
 * What a product type is called. A type belongs to its source: pub's "3" is a balance top-up,
 * course's "3" is a course (an album), appkey's types are the shop's own words, Ping++ has none.
 * Plain code without zod or Vue, for the renderer and main alike.
 */
import type { Locale, SourceKindValue } from './contract'

/** A product type of one source. */
export interface SourceProductType {
  source: string
  type: string
}

/**
 * A product type as a filter names it: of one source, or a bare type, which means that type in
 * every source (the filter's older form, still taken from links and saved views).
 */
export type ProductTypePick = string | SourceProductType

/** pub's product_type codes, named as the pub API documentation's table (产品类型) names them; the English is ours. */
export const PUB_PRODUCT_TYPES: ReadonlyArray<{ value: number; zh: string; en: string }> = [
  { value: 3, zh: '余额充值', en: 'Balance top-up' },
  { value: 9, zh: '动态流量套餐', en: 'Dynamic traffic plan' },
  { value: 11, zh: '动态全球包时套餐V2', en: 'Dynamic global time plan V2' },
  { value: 12, zh: '长效IDC流量套餐', en: 'Long-term IDC traffic plan' },
  { value: 13, zh: '住宅静态IP流量套餐', en: 'Residential static IP traffic plan' },
  { value: 14, zh: '数据中心静态IP套餐', en: 'Datacenter static IP plan' },
  { value: 15, zh: '长效ISP流量套餐', en: 'Long-term ISP traffic plan' },
  { value: 16, zh: '静态流量套餐', en: 'Static traffic plan' },
  { value: 17, zh: '动态IP数量套餐', en: 'Dynamic IP count plan' },
  { value: 18, zh: 'web-scraper', en: 'web-scraper' },
  { value: 19, zh: '静态IP续费', en: 'Static IP renewal' },
  { value: 20, zh: '静态IP更换配额', en: 'Static IP replacement quota' },
  { value: 21, zh: '静态流量套餐v2', en: 'Static traffic plan v2' },
  { value: 24, zh: '静态流量附加包套餐', en: 'Static traffic add-on' },
  { value: 25, zh: '住宅静态IP套餐', en: 'Residential static IP plan' },
  // The table goes on to say why: some pay channels need the amount typed in, and a shortfall is paid with this.
  { value: 26, zh: '补单', en: 'Make-up payment' },
  { value: 27, zh: 'Serp', en: 'Serp' },
  { value: 28, zh: 'Video', en: 'Video' },
]

/**
 * A product type's name for staff, in the UI language: pub's code by its table (an unknown code
 * as "类型 99"), appkey's text as it is, a course's album by the course's title with its number
 * (the API names an album by its title), anything else as the value. Never a product's name for
 * a type that many products share.
 */
export function productTypeName(kind: SourceKindValue | null | undefined, type: string, locale: Locale, title?: string | null): string {
  const zh = locale !== 'en'
  if (kind === 'pub') {
    const named = PUB_PRODUCT_TYPES.find((t) => String(t.value) === type.trim())
    if (named) return zh ? named.zh : named.en
    return zh ? `类型 ${type}` : `Type ${type}`
  }
  if (kind === 'course') {
    const album = zh ? `课程 ${type}` : `course ${type}`
    return title ? (zh ? `${title}（${album}）` : `${title} (${album})`) : zh ? album : `Course ${type}`
  }
  return type
}

/** Whether two picks are the same: the same type, of the same source or of every source. */
export function samePick(a: ProductTypePick, b: ProductTypePick): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b
  return a.source === b.source && a.type === b.type
}
