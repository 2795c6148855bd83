import crypto from 'node:crypto'
import os from 'node:os'
import type { Db } from '../db/database'

const LEASE_MS = 60_000
/** How often a sync that writes nothing for a while (a long Retry-After, slow re-checks) extends its lock. */
export const LEASE_RENEW_MS = LEASE_MS / 3

/** This process's identity in locks and run records: host, pid and a nonce. */
export function newOwnerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`
}

/** True when the owner is a process on this host that no longer exists (killed or crashed). */
export function ownerIsDead(owner: string): boolean {
  const [host, pidText] = owner.split(':')
  if (host !== os.hostname()) return false
  const pid = Number(pidText)
  if (!Number.isInteger(pid) || pid <= 0) return true
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** A held lock, to be extended until `until` (epoch ms). */
export interface Lease {
  owner: string
  until: number
}

/** Extends a source's lock if `lease.owner` still holds it (true), prepared once per connection. */
export function leaseRenewer(db: Db): (sourceId: string, lease: Lease) => boolean {
  const renew = db.prepare('UPDATE sync_state SET lock_expires_at = ? WHERE source_id = ? AND lock_owner = ?')
  return (sourceId, lease) => renew.run(lease.until, sourceId, lease.owner).changes > 0
}

export class SourceBusyError extends Error {
  override readonly name = 'SourceBusyError'
}

/** How a page write refuses when the source's lock is another's now: the message crosses the writer thread. */
export const LOCK_TAKEN_OVER = 'the source was taken over by another OrderDesk process while this sync ran'

/**
 * A lock per source, held in the database so that two syncs of one source never run at
 * once, whether they come from two windows, the CLI and the app, or two CLIs. It is a lease:
 * renewed while the sync runs, and taken over when it has expired or its owner process is gone.
 */
export class SourceLock {
  constructor(
    private readonly db: Db,
    private readonly sourceId: string,
    private readonly owner: string,
  ) {}

  acquire(now = Date.now()): void {
    const taken = this.db
      .transaction(() => {
        this.db.prepare('INSERT OR IGNORE INTO sync_state (source_id) VALUES (?)').run(this.sourceId)
        const row = this.db.prepare('SELECT lock_owner, lock_expires_at FROM sync_state WHERE source_id = ?').get(this.sourceId) as {
          lock_owner: string | null
          lock_expires_at: number | null
        }
        const free =
          row.lock_owner === null || (row.lock_expires_at ?? 0) < now || row.lock_owner === this.owner || ownerIsDead(row.lock_owner)
        if (!free) return row.lock_owner
        this.db
          .prepare('UPDATE sync_state SET lock_owner = ?, lock_expires_at = ? WHERE source_id = ?')
          .run(this.owner, now + LEASE_MS, this.sourceId)
        return null
      })
      .immediate()
    if (taken !== null) {
      const pid = taken.split(':')[1]
      throw new SourceBusyError(
        `source "${this.sourceId}" is already being synced by another OrderDesk process (pid ${pid}); try again when it finishes`,
      )
    }
  }

  /** The lease a write made now extends the lock to. */
  lease(now = Date.now()): Lease {
    return { owner: this.owner, until: now + LEASE_MS }
  }

  /** Prepared on the first renewal, kept for the next. */
  private renewLease: ReturnType<typeof leaseRenewer> | null = null

  /** Extends the lock; false when it was taken over meanwhile (it had expired). */
  renew(now = Date.now()): boolean {
    this.renewLease ??= leaseRenewer(this.db)
    return this.renewLease(this.sourceId, this.lease(now))
  }

  release(): void {
    this.db
      .prepare('UPDATE sync_state SET lock_owner = NULL, lock_expires_at = NULL WHERE source_id = ? AND lock_owner = ?')
      .run(this.sourceId, this.owner)
  }
}
