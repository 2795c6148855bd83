import { describe, expect, it } from 'vitest'
import { productTypeName, PUB_PRODUCT_TYPES } from '../../src-preload/product-types'

describe('a product type’s name', () => {
  it('is pub’s code as its API documentation’s table names it, in either language', () => {
    expect(productTypeName('pub', '3', 'zh-CN')).toBe('余额充值')
    expect(productTypeName('pub', '9', 'zh-CN')).toBe('动态流量套餐')
    expect(productTypeName('pub', '28', 'zh-CN')).toBe('Video')
    expect(productTypeName('pub', '3', 'en')).toBe('Balance top-up')
    // Every code of the table: 3, 9, 11–21, 24–28.
    expect(PUB_PRODUCT_TYPES.map((t) => t.value)).toEqual([3, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 24, 25, 26, 27, 28])
  })

  it('says a pub code the table does not know is a type, by its number', () => {
    expect(productTypeName('pub', '99', 'zh-CN')).toBe('类型 99')
    expect(productTypeName('pub', '99', 'en')).toBe('Type 99')
  })

  it('is never a product’s name for a type many products share', () => {
    expect(productTypeName('pub', '9', 'zh-CN', '静态IP续费')).toBe('动态流量套餐')
    expect(productTypeName('appkey', '课程', 'zh-CN', '雅思口语冲刺班')).toBe('课程')
  })

  it('is a course’s album by the course’s title and number: the same code means another thing in pub', () => {
    expect(productTypeName('course', '3', 'zh-CN', '雅思口语 7 分冲刺')).toBe('雅思口语 7 分冲刺（课程 3）')
    expect(productTypeName('course', '3', 'en', '雅思口语 7 分冲刺')).toBe('雅思口语 7 分冲刺 (course 3)')
    expect(productTypeName('course', '3', 'zh-CN')).toBe('课程 3')
    expect(productTypeName('course', '3', 'en')).toBe('Course 3')
    expect(productTypeName('course', '3', 'zh-CN')).not.toBe(productTypeName('pub', '3', 'zh-CN'))
  })

  it('is the value itself where the source gives no other name', () => {
    expect(productTypeName('appkey', '会员', 'en')).toBe('会员')
    expect(productTypeName('pingpp', 'x', 'zh-CN')).toBe('x')
    expect(productTypeName(null, '9', 'zh-CN')).toBe('9')
  })
})
