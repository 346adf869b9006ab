/**
 * The bytes of request bodies the emulator holds at once, across all requests. A request reserves what it is about
 * to read (its whole `Content-Length`, or each chunk of a chunked body) and waits, without reading, while the
 * budget is spent; its socket's flow control then holds the client back. Reservations are granted in arrival order.
 *
 * Two rules keep it from getting stuck: a request larger than the whole budget runs once nothing else is held (so
 * any body up to `maxBodyBytes` still gets through, alone), and when every holder is itself waiting for more (only
 * chunked bodies reserve more than once), the oldest waiter may overdraw until it finishes. So the bytes held stay
 * under `limit` plus at most one body.
 */

export interface Reservation {
  /** Reserves `bytes` more for this request: resolves at once when they fit, else when they are granted. */
  readonly take: (bytes: number) => Promise<void> | undefined
  /** Gives everything back and leaves the queue (the request ended, answered or not). Idempotent. */
  readonly release: () => void
  /** What this request holds now. */
  readonly held: () => number
}

export interface ByteBudget {
  readonly open: () => Reservation
  /** Bytes held by all requests now. */
  readonly held: () => number
  /** The most ever held at once. */
  readonly peak: () => number
  readonly limit: number
}

interface Holder {
  bytes: number
  overdraft: boolean
  released: boolean
}

interface Waiter {
  readonly holder: Holder
  readonly bytes: number
  readonly grant: () => void
}

export const makeByteBudget = (limit: number): ByteBudget => {
  let held = 0
  let peak = 0
  const holders = new Set<Holder>()
  const queue: Array<Waiter> = []

  const fits = (holder: Holder, bytes: number): boolean =>
    holder.overdraft || held === 0 || held + bytes <= limit || (held === holder.bytes && holder.bytes > 0)

  const add = (holder: Holder, bytes: number): void => {
    holder.bytes += bytes
    held += bytes
    if (held > peak) peak = held
  }

  /** Grants waiters in order while they fit; breaks a standstill where every holder waits. */
  const drain = (): void => {
    while (queue.length > 0) {
      const head = queue[0]
      if (head === undefined) return
      if (!fits(head.holder, head.bytes)) {
        const waiting = new Set(queue.map((waiter) => waiter.holder))
        const everyHolderWaits = [...holders].every((holder) => holder.bytes === 0 || waiting.has(holder))
        if (!everyHolderWaits) return
        head.holder.overdraft = true
      }
      queue.shift()
      add(head.holder, head.bytes)
      head.grant()
    }
  }

  const open = (): Reservation => {
    const holder: Holder = { bytes: 0, overdraft: false, released: false }
    holders.add(holder)
    return {
      take: (bytes) => {
        if (holder.released) return undefined
        if (queue.length === 0 && fits(holder, bytes)) {
          add(holder, bytes)
          return undefined
        }
        return new Promise<void>((grant) => {
          queue.push({ holder, bytes, grant })
          drain()
        })
      },
      release: () => {
        if (holder.released) return
        holder.released = true
        holders.delete(holder)
        held -= holder.bytes
        holder.bytes = 0
        for (let index = queue.length - 1; index >= 0; index--) {
          const waiter = queue[index]
          // A request that ended while waiting is let go; its pending reservation never counts.
          if (waiter?.holder === holder) {
            queue.splice(index, 1)
            waiter.grant()
          }
        }
        drain()
      },
      held: () => holder.bytes
    }
  }

  return { open, held: () => held, peak: () => peak, limit }
}
