/**
 * A TCP proxy on 127.0.0.1 that breaks HTTP exchanges the way networks do, independently of the server behind it:
 * the answer lost after the whole request went through, the request cut off midway, the connection reset as the
 * request starts, the answer held back, the request stalled. Faults are drawn per request from a seeded generator,
 * three draws per request, so a seed and an order of requests give the same faults on every run. Every exchange is
 * recorded with its timings and the status and headers of its answer.
 */
import { createConnection, createServer, type Server, type Socket } from "node:net"
import { seededRandom } from "./model/random.js"
import { type AnswerHead, parseAnswerHead, RequestFramer, type RequestHead } from "./requestFraming.js"

export type ProxyFault = "lostAnswer" | "cutBody" | "reset" | "slowAnswer" | "stall"

export interface ProxyOptions {
  /** The server behind the proxy, e.g. the emulator's `url` (`http://127.0.0.1:<port>`). */
  readonly target: string
  /** Default 0 (a free port). The proxy only ever binds 127.0.0.1. */
  readonly port?: number | undefined
  readonly seed?: number | undefined
  readonly lostAnswerRate?: number | undefined
  readonly cutBodyRate?: number | undefined
  readonly resetRate?: number | undefined
  readonly slowAnswerRate?: number | undefined
  readonly stallRate?: number | undefined
  /** How long `slowAnswer` holds an answer and `stall` holds a request: ms, or a `[min, max]` range. Default 1000. */
  readonly delayMs?: number | readonly [number, number] | undefined
}

export interface Exchange {
  /** The connection's number, from 1, in the order the proxy accepted them. */
  readonly connection: number
  readonly method: string
  /** The request target: path and query. */
  readonly target: string
  readonly fault: ProxyFault | undefined
  /** When the request's head arrived (ms, `performance.now()`). */
  readonly requestAt: number
  /** When its last byte was passed on to the server; absent when it never was. */
  readonly forwardedAt: number | undefined
  /** When the first byte of the answer was passed on to the client; absent when it never was. */
  readonly answeredAt: number | undefined
  /** The answer's status and headers (names in lower case), once its head went through the proxy. */
  readonly status: number | undefined
  readonly headers: Readonly<Record<string, string>> | undefined
}

export interface ProxyStats {
  readonly connections: number
  readonly requests: number
  readonly lostAnswers: number
  readonly cutBodies: number
  readonly resets: number
  readonly slowAnswers: number
  readonly stalls: number
}

export interface RunningProxy {
  /** The proxy's base URL: use it as `apiBaseUrl` and `uploadBaseUrl`. */
  readonly url: string
  readonly port: number
  readonly stats: () => ProxyStats
  /** Every exchange so far, oldest first. */
  readonly exchanges: () => ReadonlyArray<Exchange>
  /** Client connections open now, and how many of them wait for an answer the proxy has not passed on. */
  readonly connections: () => { readonly open: number; readonly awaitingAnswer: number }
  /** Forces the next `times` requests (default 1) to suffer `fault`, whatever the rates say. */
  readonly injectNext: (fault: ProxyFault, times?: number) => void
  readonly close: () => Promise<void>
}

/** Options the proxy cannot run with (a rate outside 0..1, rates adding up past 1, a bad target). */
export class ProxyOptionsProblem extends Error {}

/** The proxy could not listen. */
export class ProxyListenProblem extends Error {}

interface Plan {
  readonly fault: ProxyFault | undefined
  /** Where a cut or stall falls, as a share (0..1) of the bytes it may cut. */
  readonly share: number
  readonly delayMs: number
}

/** How many body bytes of a chunked request a cut may let through at most (its length is not known up front). */
const CHUNKED_CUT_SPAN = 1024 * 1024

/** An exchange while the proxy fills it in. */
type Mutable = { -readonly [K in keyof Exchange]: Exchange[K] }

const readTarget = (target: string): { readonly host: string; readonly port: number } => {
  let url: URL
  try {
    url = new URL(target)
  } catch {
    throw new ProxyOptionsProblem(
      `target must be an http:// URL such as http://127.0.0.1:8080, got ${JSON.stringify(target)}`
    )
  }
  if (url.protocol !== "http:") throw new ProxyOptionsProblem(`target must be an http:// URL, got ${url.protocol}`)
  const port = url.port === "" ? 80 : Number(url.port)
  return { host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port }
}

const readRates = (options: ProxyOptions): ReadonlyArray<readonly [ProxyFault, number]> => {
  const rates: ReadonlyArray<readonly [ProxyFault, number | undefined]> = [
    ["reset", options.resetRate],
    ["cutBody", options.cutBodyRate],
    ["stall", options.stallRate],
    ["lostAnswer", options.lostAnswerRate],
    ["slowAnswer", options.slowAnswerRate]
  ]
  let total = 0
  const read: Array<readonly [ProxyFault, number]> = []
  for (const [fault, rate] of rates) {
    const value = rate ?? 0
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
      throw new ProxyOptionsProblem(`${fault}Rate must be a number from 0 to 1, got ${String(value)}`)
    }
    total += value
    read.push([fault, value])
  }
  if (total > 1 + 1e-9) throw new ProxyOptionsProblem(`The fault rates add up to ${total}; at most 1 is possible`)
  return read
}

const readDelay = (delay: ProxyOptions["delayMs"]): readonly [number, number] => {
  const [min, max] = delay === undefined ? [1000, 1000] : typeof delay === "number" ? [delay, delay] : delay
  if (!(min >= 0 && max >= min && Number.isFinite(max))) {
    throw new ProxyOptionsProblem(`delayMs must be a number of ms or a [min, max] range, got ${JSON.stringify(delay)}`)
  }
  return [min, max]
}

export const start = (options: ProxyOptions): Promise<RunningProxy> =>
  new Promise((resolve, reject) => {
    let target: { readonly host: string; readonly port: number }
    let rates: ReadonlyArray<readonly [ProxyFault, number]>
    let delay: readonly [number, number]
    try {
      target = readTarget(options.target)
      rates = readRates(options)
      delay = readDelay(options.delayMs)
    } catch (error) {
      return reject(error)
    }
    const random = seededRandom(options.seed ?? 1)
    const queue: Array<ProxyFault> = []
    const counts = { connections: 0, requests: 0, lostAnswers: 0, cutBodies: 0, resets: 0, slowAnswers: 0, stalls: 0 }
    const exchanges: Array<Mutable> = []
    const sockets = new Set<Socket>()
    const clients = new Set<Socket>()
    const awaiting = new Set<Socket>()
    const timers = new Set<ReturnType<typeof setTimeout>>()

    const later = (ms: number, run: () => void): ReturnType<typeof setTimeout> => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        run()
      }, ms)
      timers.add(timer)
      return timer
    }

    const draw = (): Plan => {
      // Always three draws per request, so the faults depend only on the seed and the order of requests.
      const faultDraw = random()
      const share = random()
      const delayDraw = random()
      const delayMs = Math.round(delay[0] + delayDraw * (delay[1] - delay[0]))
      const forced = queue.shift()
      if (forced !== undefined) return { fault: forced, share, delayMs }
      let threshold = 0
      for (const [fault, rate] of rates) {
        threshold += rate
        if (faultDraw < threshold) return { fault, share, delayMs }
      }
      return { fault: undefined, share, delayMs }
    }

    const count = (fault: ProxyFault): void => {
      if (fault === "lostAnswer") counts.lostAnswers += 1
      else if (fault === "cutBody") counts.cutBodies += 1
      else if (fault === "reset") counts.resets += 1
      else if (fault === "slowAnswer") counts.slowAnswers += 1
      else counts.stalls += 1
    }

    const track = (socket: Socket): void => {
      sockets.add(socket)
      // A peer that resets is the normal case here; an unhandled "error" would end the process.
      socket.on("error", () => socket.destroy())
      socket.on("close", () => {
        sockets.delete(socket)
        awaiting.delete(socket)
      })
    }

    const onConnection = (client: Socket): void => {
      counts.connections += 1
      const connection = counts.connections
      track(client)
      clients.add(client)
      client.on("close", () => clients.delete(client))
      const first = draw()
      if (first.fault === "reset") {
        // Accept, then reset before a single byte is passed on.
        counts.requests += 1
        count("reset")
        exchanges.push(blankExchange(connection, "reset"))
        client.resetAndDestroy()
        return
      }
      const upstream = createConnection({ host: target.host, port: target.port })
      track(upstream)
      upstream.setNoDelay(true)
      client.setNoDelay(true)
      const framer = new RequestFramer()

      /** The request being sent or answered now (clients do not pipeline), and what happens to it. */
      let current: { readonly exchange: Mutable; readonly plan: Plan; budget: number } | undefined
      let answerBytes: Buffer = Buffer.alloc(0)
      let headRead = false
      let holding: Array<Buffer> | undefined
      let done = false

      const closeBoth = (): void => {
        done = true
        client.destroy()
        upstream.destroy()
      }
      /** The server closed while an answer was held: the client's side ends once the answer is released. */
      let upstreamClosed = false
      client.on("close", () => upstream.destroy())
      upstream.on("close", () => {
        upstreamClosed = true
        if (holding === undefined) client.end()
      })

      // Backpressure both ways: a side that cannot take more pauses the other until it drains.
      let upstreamFull = false
      const toUpstream = (bytes: Buffer): void => {
        if (bytes.length === 0) return
        if (!upstream.write(bytes) && !upstreamFull) {
          upstreamFull = true
          client.pause()
          upstream.once("drain", () => {
            upstreamFull = false
            if (!done) client.resume()
          })
        }
      }

      const cut = (plan: Plan): void => {
        if (plan.fault === "cutBody") {
          done = true
          upstream.end()
          client.destroy()
          return
        }
        // A stall: nothing more is read or passed on, then both connections close.
        done = true
        client.pause()
        awaiting.add(client)
        later(plan.delayMs, () => {
          client.destroy()
          upstream.destroy()
        })
      }

      client.on("data", (chunk: Buffer) => {
        if (done) return
        for (const piece of framer.push(chunk)) {
          if (done) return
          if (piece.request === undefined || (piece.head === undefined && current === undefined)) {
            toUpstream(piece.bytes)
            continue
          }
          if (piece.head !== undefined) {
            const plan = piece.request === 0 ? first : draw()
            const exchange = newExchange(connection, piece.head, plan.fault)
            exchanges.push(exchange)
            counts.requests += 1
            if (plan.fault !== undefined) count(plan.fault)
            current = { exchange, plan, budget: budgetOf(piece.head, piece.bytes.length, plan.share) }
            answerBytes = Buffer.alloc(0)
            headRead = false
            awaiting.add(client)
            if (plan.fault === "reset") {
              done = true
              client.resetAndDestroy()
              upstream.destroy()
              return
            }
          }
          const request = current
          if (request === undefined) continue
          const fault = request.plan.fault
          if (fault === "cutBody" || fault === "stall") {
            const bodyless = piece.head !== undefined && piece.last
            if (piece.head !== undefined && !bodyless) {
              toUpstream(piece.bytes)
              if (request.budget === 0) return cut(request.plan)
              continue
            }
            // The request's final byte never goes through, so the server cannot see a complete request.
            const allowed = Math.min(request.budget, piece.last ? piece.bytes.length - 1 : piece.bytes.length)
            toUpstream(piece.bytes.subarray(0, allowed))
            request.budget -= allowed
            if (allowed < piece.bytes.length) return cut(request.plan)
            continue
          }
          toUpstream(piece.bytes)
          if (piece.last) request.exchange.forwardedAt = performance.now()
        }
      })
      client.on("end", () => {
        if (!done) upstream.end()
      })

      let clientFull = false
      const toClient = (bytes: Buffer): void => {
        if (!client.write(bytes) && !clientFull) {
          clientFull = true
          upstream.pause()
          client.once("drain", () => {
            clientFull = false
            if (holding === undefined) upstream.resume()
          })
        }
      }

      const release = (): void => {
        const held = holding ?? []
        holding = undefined
        if (client.destroyed) return
        if (current !== undefined) current.exchange.answeredAt = performance.now()
        awaiting.delete(client)
        for (const bytes of held) toClient(bytes)
        if (upstreamClosed) client.end()
        else if (!clientFull) upstream.resume()
      }

      upstream.on("data", (chunk: Buffer) => {
        if (done) return
        const request = current
        if (request !== undefined && !headRead) {
          answerBytes = Buffer.concat([answerBytes, chunk])
          const head: AnswerHead | "incomplete" | "malformed" = parseAnswerHead(answerBytes)
          if (head !== "incomplete") {
            headRead = true
            answerBytes = Buffer.alloc(0)
            if (head !== "malformed") {
              request.exchange.status = head.status
              request.exchange.headers = head.headers
            }
          }
        }
        if (holding !== undefined) {
          holding.push(chunk)
          return
        }
        const fault = request?.plan.fault
        if (request !== undefined && request.exchange.answeredAt === undefined) {
          if (fault === "lostAnswer") return closeBoth()
          if (fault === "slowAnswer") {
            holding = [chunk]
            upstream.pause()
            later(request.plan.delayMs, release)
            return
          }
          request.exchange.answeredAt = performance.now()
          awaiting.delete(client)
        }
        toClient(chunk)
      })
    }

    const server: Server = createServer(onConnection)
    const onListenError = (error: Error) =>
      reject(
        new ProxyListenProblem(`The fault proxy cannot listen on 127.0.0.1:${options.port ?? 0} (${error.message}).`)
      )
    server.once("error", onListenError)
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.removeListener("error", onListenError)
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        stats: () => ({ ...counts }),
        exchanges: () => exchanges.map((exchange) => ({ ...exchange })),
        connections: () => ({ open: clients.size, awaitingAnswer: awaiting.size }),
        injectNext: (fault, times = 1) => {
          for (let index = 0; index < times; index++) queue.push(fault)
        },
        close: () =>
          new Promise<void>((done) => {
            for (const timer of timers) clearTimeout(timer)
            timers.clear()
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })

const blankExchange = (connection: number, fault: ProxyFault | undefined): Mutable => ({
  connection,
  method: "",
  target: "",
  fault,
  requestAt: performance.now(),
  forwardedAt: undefined,
  answeredAt: undefined,
  status: undefined,
  headers: undefined
})

const newExchange = (connection: number, head: RequestHead, fault: ProxyFault | undefined): Mutable => ({
  ...blankExchange(connection, fault),
  method: head.method,
  target: head.target
})

/** How many bytes of a cut request may pass: part of its body, or of its head when it has no body. */
const budgetOf = (head: RequestHead, headBytes: number, share: number): number => {
  if (head.body === 0) return Math.floor(share * headBytes)
  if (head.body === "chunked") return Math.floor(share * CHUNKED_CUT_SPAN)
  return Math.floor(share * head.body)
}
