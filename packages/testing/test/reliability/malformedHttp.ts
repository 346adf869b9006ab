/**
 * Run (h): malformed HTTP against the emulator over raw TCP. The emulator runs in a child process (the built
 * `dist/Emulator.js`, as `imagekit emulator` and users run it), so a crash shows as the child's exit. Each case writes
 * its bytes and reads until the emulator answers and closes, closes without answering, or the wait runs out; after
 * every case an authenticated `GET /v1/files` must still be answered. The slow cases (partial heads and bodies trickled
 * over many connections) are judged by whether the emulator keeps answering others while they last.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { connect } from "node:net"
import { pathToFileURL } from "node:url"
import * as Effect from "effect/Effect"
import { count, type Figure, ms, type RunReport } from "./setup.js"

export interface MalformedRunOptions {
  /** The built emulator module: `packages/testing/dist/Emulator.js`. */
  readonly emulatorModule: string
  /** How long a case may wait for an answer or a close. */
  readonly waitMs: number
  /** Connections each slow case holds open. */
  readonly slowConnections: number
  /** How long each slow case lasts. */
  readonly slowMs: number
}

const KEY = "private_malformed_key"
const AUTH = `Authorization: Basic ${Buffer.from(`${KEY}:`).toString("base64")}\r\n`

type Step = string | Buffer | { readonly pause: number } | "end"

interface Probe {
  readonly status: number | undefined
  readonly closed: boolean
  readonly ms: number
}

/** Writes the steps on a fresh connection; resolves with the first status line seen and whether the server closed. */
const probe = (port: number, steps: ReadonlyArray<Step>, waitMs: number): Promise<Probe> =>
  new Promise((resolve) => {
    const started = performance.now()
    const socket = connect(port, "127.0.0.1")
    let received = Buffer.alloc(0)
    let settled = false
    const finish = (closed: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const status = /^HTTP\/1\.[01] ([0-9]{3})/.exec(received.toString("latin1"))?.[1]
      resolve({ status: status === undefined ? undefined : Number(status), closed, ms: performance.now() - started })
    }
    const timer = setTimeout(() => finish(false), waitMs)
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      // An answer whose head has arrived is enough: the verdict is its status.
      if (received.includes("\r\n\r\n")) finish(false)
    })
    socket.on("close", () => finish(true))
    socket.on("error", () => finish(true))
    socket.on("connect", async () => {
      for (const step of steps) {
        if (settled || socket.destroyed) return
        if (step === "end") socket.end()
        else if (typeof step === "object" && !Buffer.isBuffer(step))
          await new Promise((done) => setTimeout(done, step.pause))
        else socket.write(step)
      }
    })
  })

const healthy = async (port: number): Promise<number | undefined> => {
  const answer = await probe(port, [`GET /v1/files?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}\r\n`], 2000)
  return answer.status === 200 ? answer.ms : undefined
}

interface Case {
  readonly name: string
  readonly steps: ReadonlyArray<Step>
  /** A status outside 4xx that is right for this case (501 for a transfer coding the server does not know). */
  readonly alsoFine?: ReadonlyArray<number> | undefined
}

const head = (lines: string) => `${lines}\r\n\r\n`
const host = "Host: 127.0.0.1\r\n"

const cases: ReadonlyArray<Case> = [
  { name: "garbage request line", steps: ["HELLO WORLD\r\n\r\n"] },
  { name: "invalid method token", steps: [head(`G@T /v1/files HTTP/1.1\r\n${host}${AUTH}`.trimEnd())] },
  { name: "request line without a version", steps: ["GET /v1/files\r\n\r\n"] },
  { name: "HTTP/2 preface on HTTP/1.1", steps: ["PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"] },
  { name: "unknown HTTP version", steps: [head(`GET /v1/files HTTP/9.9\r\n${host}${AUTH}`.trimEnd())] },
  { name: "control byte in the target", steps: [head(`GET /v1/\x01files HTTP/1.1\r\n${host}${AUTH}`.trimEnd())] },
  { name: "a 100 KiB header", steps: [head(`GET /v1/files HTTP/1.1\r\n${host}X-Big: ${"a".repeat(100 * 1024)}`)] },
  {
    name: "5,000 headers",
    steps: [
      head(`GET /v1/files HTTP/1.1\r\n${host}${Array.from({ length: 5000 }, (_, i) => `X-H${i}: v`).join("\r\n")}`)
    ]
  },
  {
    name: "a 100 KiB URL",
    steps: [head(`GET /v1/files/${"a".repeat(100 * 1024)} HTTP/1.1\r\n${host}${AUTH}`.trimEnd())]
  },
  { name: "header line without a colon", steps: [head(`GET /v1/files HTTP/1.1\r\n${host}Broken header line`)] },
  { name: "space inside a header name", steps: [head(`GET /v1/files HTTP/1.1\r\n${host}Bad Name: x`)] },
  { name: "NUL in a header value", steps: [head(`GET /v1/files HTTP/1.1\r\n${host}X-Nul: a\x00b`)] },
  { name: "bare LF line endings", steps: [`GET /v1/files HTTP/1.1\n${host.trim()}\n${AUTH.trim()}\n\n`] },
  { name: "obsolete line folding", steps: [head(`GET /v1/files HTTP/1.1\r\n${host}X-Fold: a\r\n  b`)] },
  { name: "no Host header (HTTP/1.1)", steps: [head(`GET /v1/files HTTP/1.1\r\n${AUTH}`.trimEnd())] },
  {
    name: "bad Host: unclosed IPv6 bracket",
    steps: [head(`GET /v1/files HTTP/1.1\r\nHost: [::1\r\n${AUTH}`.trimEnd())]
  },
  { name: "bad Host: space inside", steps: [head(`GET /v1/files HTTP/1.1\r\nHost: a b\r\n${AUTH}`.trimEnd())] },
  { name: "bad Host: user info and path", steps: [head(`GET /v1/files HTTP/1.1\r\nHost: u@h/x\r\n${AUTH}`.trimEnd())] },
  {
    name: "Content-Length not a number",
    steps: [head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Content-Length: abc`), "{}"]
  },
  {
    name: "negative Content-Length",
    steps: [head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Content-Length: -1`), "{}"]
  },
  {
    name: "two different Content-Lengths",
    steps: [head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Content-Length: 2\r\nContent-Length: 3`), "{}"]
  },
  {
    name: "Content-Length with Transfer-Encoding: chunked",
    steps: [
      head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Content-Length: 4\r\nTransfer-Encoding: chunked`),
      "0\r\n\r\nGET /v1/files HTTP/1.1\r\n\r\n"
    ]
  },
  {
    name: "Content-Length larger than the body, then FIN",
    steps: [
      head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Content-Type: application/json\r\nContent-Length: 100`),
      "{}",
      "end"
    ]
  },
  {
    name: "Content-Length of 2 GiB, a few bytes sent",
    steps: [
      head(
        `POST /api/v1/files/upload HTTP/1.1\r\n${host}${AUTH}Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 2147483648`
      ),
      "--x\r\n"
    ]
  },
  {
    name: "chunk size not hex",
    steps: [
      head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Transfer-Encoding: chunked`),
      "zz\r\nabc\r\n0\r\n\r\n"
    ]
  },
  {
    name: "chunk size overflowing",
    steps: [
      head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Transfer-Encoding: chunked`),
      "ffffffffffffffffffff\r\na\r\n"
    ]
  },
  {
    name: "chunk data without its CRLF",
    steps: [head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Transfer-Encoding: chunked`), "2\r\n{}XX0\r\n\r\n"]
  },
  {
    name: "unknown transfer coding",
    steps: [head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Transfer-Encoding: gzip`), "{}"],
    alsoFine: [501]
  },
  {
    name: "Transfer-Encoding: chunked twice",
    steps: [head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Transfer-Encoding: chunked, chunked`), "0\r\n\r\n"],
    alsoFine: [501]
  },
  { name: "half a head, then FIN", steps: ["GET /v1/files HTTP/1.1\r\nHo", "end"] },
  { name: "malformed Basic credentials", steps: [head(`GET /v1/files HTTP/1.1\r\n${host}Authorization: Basic !!!!`)] },
  {
    name: "multipart with a broken boundary",
    steps: [
      head(
        `POST /api/v1/files/upload HTTP/1.1\r\n${host}${AUTH}Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 20`
      ),
      "--c\r\nbroken\r\n--c--\r\n\r\n"
    ]
  },
  {
    name: "multipart without a boundary",
    steps: [
      head(
        `POST /api/v1/files/upload HTTP/1.1\r\n${host}${AUTH}Content-Type: multipart/form-data\r\nContent-Length: 2`
      ),
      "{}"
    ]
  },
  {
    name: "malformed JSON body",
    steps: [
      head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Content-Type: application/json\r\nContent-Length: 9`),
      '{"a": [1,'
    ]
  },
  {
    name: "valid request then garbage on the same connection",
    steps: [`GET /v1/files?limit=1 HTTP/1.1\r\n${host}${AUTH}\r\nGARBAGE\r\n\r\n`],
    alsoFine: [200]
  }
]

interface SlowCase {
  readonly name: string
  readonly steps: (slowMs: number) => ReadonlyArray<Step>
}

const slowCases: ReadonlyArray<SlowCase> = [
  {
    name: "slowloris: heads trickled a byte at a time",
    steps: (slowMs) => {
      const bytes = `GET /v1/files HTTP/1.1\r\n${host}X-Slow: ${"s".repeat(200)}`
      const pause = Math.max(20, Math.floor(slowMs / bytes.length))
      return [...bytes].flatMap((char) => [char, { pause }])
    }
  },
  {
    name: "slow bodies: Content-Length 1,000, 10 bytes sent",
    steps: (slowMs) => [
      head(`POST /v1/files/addTags HTTP/1.1\r\n${host}${AUTH}Content-Type: application/json\r\nContent-Length: 1000`),
      '{"fileIds"',
      { pause: slowMs }
    ]
  }
]

const startEmulator = (module: string): Promise<{ readonly child: ChildProcess; readonly port: number }> =>
  new Promise((resolve, reject) => {
    const script = `const { start } = await import(${JSON.stringify(pathToFileURL(module).href)});
const running = await start({ privateKey: ${JSON.stringify(KEY)} });
process.stdout.write(JSON.stringify({ port: running.port }) + "\\n");`
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      const line = output.split("\n")[0]
      if (output.includes("\n") && line !== undefined) resolve({ child, port: Number(JSON.parse(line).port) })
    })
    child.once("exit", (code) => reject(new Error(`the emulator exited with ${code} before it listened`)))
  })

export const malformedHttpRun = (options: MalformedRunOptions): Effect.Effect<RunReport, unknown> =>
  Effect.scoped(
    Effect.gen(function* () {
      const started = performance.now()
      const { child, port } = yield* Effect.acquireRelease(
        Effect.promise(() => startEmulator(options.emulatorModule)),
        ({ child }) => Effect.sync(() => child.kill())
      )
      let crashed: string | undefined
      child.once("exit", (code, signal) => {
        crashed = `exited with ${code ?? signal}`
      })
      const verdicts: Array<{ readonly name: string; readonly ok: boolean; readonly said: string }> = []
      let unresponsive = 0
      for (const testCase of cases) {
        const answer = yield* Effect.promise(() => probe(port, testCase.steps, options.waitMs))
        const said =
          answer.status !== undefined
            ? String(answer.status)
            : answer.closed
              ? "closed"
              : `no answer in ${options.waitMs} ms`
        const ok =
          (answer.status !== undefined &&
            ((answer.status >= 400 && answer.status < 500) || (testCase.alsoFine ?? []).includes(answer.status))) ||
          (answer.status === undefined && answer.closed)
        verdicts.push({ name: testCase.name, ok, said })
        if ((yield* Effect.promise(() => healthy(port))) === undefined) unresponsive += 1
      }
      for (const slow of slowCases) {
        const pending = Array.from({ length: options.slowConnections }, () =>
          probe(port, slow.steps(options.slowMs), options.slowMs + 500)
        )
        // While they trickle, others must still be answered.
        const during: Array<number | undefined> = []
        for (let check = 0; check < 3; check++) {
          yield* Effect.sleep(Math.floor(options.slowMs / 4))
          during.push(yield* Effect.promise(() => healthy(port)))
        }
        const ended = yield* Effect.promise(() => Promise.all(pending))
        const answered = during.filter((value): value is number => value !== undefined)
        const ok = answered.length === during.length
        if (!ok) unresponsive += 1
        const statuses = new Map<string, number>()
        for (const result of ended) {
          const said = result.status !== undefined ? String(result.status) : result.closed ? "closed" : "still open"
          statuses.set(said, (statuses.get(said) ?? 0) + 1)
        }
        verdicts.push({
          name: slow.name,
          ok,
          said: `${count(options.slowConnections)} connections for ${options.slowMs} ms (${[...statuses].map(([said, n]) => `${n} ${said}`).join(", ")}); others answered in ${answered.map((value) => ms(value)).join(", ") || "-"}`
        })
      }
      const finalHealth = yield* Effect.promise(() => healthy(port))
      const wrong = verdicts.filter((verdict) => !verdict.ok)
      const figures: ReadonlyArray<Figure> = [
        {
          measure: "kinds of malformed HTTP",
          value: `${count(cases.length)} one-shot + ${count(slowCases.length)} slow`
        },
        {
          measure: "answered 4xx or closed (slow kinds: others still answered)",
          value: `${count(verdicts.length - wrong.length)} of ${count(verdicts.length)}${
            wrong.length === 0 ? "" : `; not: ${wrong.map((verdict) => `${verdict.name} → ${verdict.said}`).join("; ")}`
          }`,
          target: "all",
          pass: wrong.length === 0
        },
        {
          measure: "emulator crashed / health checks unanswered",
          value: `${crashed ?? "no"} / ${count(unresponsive)}`,
          target: "no / 0",
          pass: crashed === undefined && unresponsive === 0 && finalHealth !== undefined
        },
        {
          measure: "answers, by kind",
          value: verdicts.map((verdict) => `${verdict.name}: ${verdict.said}`).join("; ")
        }
      ]
      return {
        id: "h",
        title: "Malformed HTTP against the emulator",
        tried:
          "Raw TCP to the built emulator in a child process: bad request lines, methods, versions and targets, huge " +
          "and malformed headers, bad Host, bad Content-Length (not a number, negative, duplicated, with chunked, " +
          "2 GiB), bad chunked coding, unknown codings, truncated heads, bad credentials and bodies, pipelined " +
          "garbage; then slowloris heads and slow bodies on many connections; an authenticated GET after each.",
        figures,
        seconds: (performance.now() - started) / 1000
      }
    })
  )
