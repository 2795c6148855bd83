import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readAhead } from '../../src-main/export/read-ahead'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-read-ahead-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('read-ahead', () => {
  it('reads a file to its end in a thread of its own', async () => {
    const file = path.join(dir, 'small.bin')
    fs.writeFileSync(file, Buffer.alloc(9 * 1024 * 1024 + 123, 7))
    const reading = readAhead(file)
    expect(await reading.finished).toBe(9 * 1024 * 1024 + 123)
    await reading.stop()
  })

  it('stops when told, before the end of a large file', async () => {
    const file = path.join(dir, 'large.bin')
    // Sparse: 64 GiB of zeros that take no disk, far more than the thread reads in this test.
    fs.closeSync(fs.openSync(file, 'w'))
    fs.truncateSync(file, 64 * 1024 ** 3)
    const reading = readAhead(file)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await reading.stop()
    expect(await reading.finished).toBeNull()
  })

  it('is only a hint: a file it cannot read ends it quietly', async () => {
    const reading = readAhead(path.join(dir, 'missing.db'))
    expect(await reading.finished).toBeNull()
    await reading.stop()
  })
})
