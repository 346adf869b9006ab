/**
 * How the emulator holds up against bodies it should not buffer (issue 13): it runs in a child process (so its RSS is
 * its own) and this script sends, over raw `node:http`:
 *
 * - `wrong-key`: 8 concurrent 60 MiB uploads with a wrong private key (each must get 401);
 * - `right-key`: 8 concurrent 60 MiB uploads with the right key (each must be stored);
 * - `declared-2gib`: one request declaring `Content-Length: 2 GiB` that sends 1 MiB and waits (the answer must come
 *   at once, not after a body that never arrives);
 * - `bad-host`: a request whose `Host` header is not a host (400, not 500).
 *
 * For each it prints the answers, the time to the last answer and the child's peak RSS (`VmHWM`) over its RSS at
 * rest. Usage: `node emulator-limits.mjs [--only=wrong-key,right-key] [--size-mib=60] [--concurrency=8]`.
 * Build `@effect-imagekit/testing` first (`pnpm build`): the child imports its dist.
 */
import { fork } from "node:child_process"
import { readFileSync } from "node:fs"
import { connect } from "node:net"
import { request } from "node:http"

const argument = (name, fallback) => {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`))
  return found === undefined ? fallback : found.slice(name.length + 3)
}
const MiB = 1024 * 1024
const sizeMiB = Number(argument("size-mib", "60"))
const concurrency = Number(argument("concurrency", "8"))
const only = argument("only", "wrong-key,right-key,declared-2gib,bad-host").split(",")

if (process.argv[2] === "--child") {
  const { Emulator } = await import("@effect-imagekit/testing")
  const running = await Emulator.start({ seed: 1 })
  process.send?.({ url: running.url, port: running.port })
  process.on("message", async (message) => {
    if (message === "stop") {
      await running.close()
      process.exit(0)
    }
  })
} else {
  const status = (pid) => {
    const text = readFileSync(`/proc/${pid}/status`, "utf8")
    const kib = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? 0)
    return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 }
  }

  const startChild = () =>
    new Promise((resolve) => {
      const child = fork(new URL(import.meta.url).pathname, ["--child"], {
        stdio: ["ignore", "inherit", "inherit", "ipc"]
      })
      child.once("message", (message) => resolve({ child, ...message }))
    })

  const authorization = (key) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`

  /** A multipart upload of `size` bytes written from one reused 1 MiB chunk, so this process stays small. */
  const upload = (port, key, size, index) =>
    new Promise((resolve) => {
      const boundary = `----bench${index}`
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="fileName"\r\n\r\nbig-${index}.bin\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="useUniqueFileName"\r\n\r\nfalse\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big-${index}.bin"\r\n` +
          "Content-Type: application/octet-stream\r\n\r\n"
      )
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
      const chunk = Buffer.alloc(MiB, index + 1)
      const started = performance.now()
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/api/v1/files/upload",
          headers: {
            authorization: authorization(key),
            "content-type": `multipart/form-data; boundary=${boundary}`,
            "content-length": head.length + size + tail.length
          }
        },
        (res) => {
          let body = ""
          res.on("data", (data) => (body += data))
          res.on("end", () => resolve({ status: res.statusCode, ms: performance.now() - started, body }))
        }
      )
      // An early answer (401, 413) ends the exchange; the rest of the body is then refused by the server.
      req.on("error", () => resolve({ status: "transport error", ms: performance.now() - started, body: "" }))
      req.write(head)
      let sent = 0
      const write = () => {
        while (sent < size) {
          const piece = Math.min(MiB, size - sent)
          sent += piece
          if (!req.write(piece === MiB ? chunk : chunk.subarray(0, piece))) return req.once("drain", write)
        }
        req.end(tail)
      }
      write()
    })

  /** Sends raw bytes and resolves with the status line of the answer, or what happened instead, within `ms`. */
  const raw = (port, text, ms) =>
    new Promise((resolve) => {
      const started = performance.now()
      const socket = connect(port, "127.0.0.1")
      let answer = ""
      const timer = setTimeout(() => {
        socket.destroy()
        resolve({ line: `no answer within ${ms} ms`, ms: performance.now() - started })
      }, ms)
      socket.on("data", (data) => {
        answer += data
        if (answer.includes("\r\n")) {
          clearTimeout(timer)
          socket.destroy()
          resolve({ line: answer.slice(0, answer.indexOf("\r\n")), ms: performance.now() - started })
        }
      })
      socket.on("error", () => undefined)
      socket.write(text)
    })

  const summary = (results) => {
    const counts = {}
    for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1
    return Object.entries(counts)
      .map(([code, count]) => `${count}× ${code}`)
      .join(", ")
  }

  const scenarios = {
    "wrong-key": async ({ port }) => {
      const results = await Promise.all(
        Array.from({ length: concurrency }, (_, index) => upload(port, "wrong_key", sizeMiB * MiB, index))
      )
      return `${concurrency} × ${sizeMiB} MiB, wrong key: ${summary(results)}, last answer after ${Math.max(...results.map((r) => r.ms)).toFixed(0)} ms`
    },
    "right-key": async ({ port }) => {
      const results = await Promise.all(
        Array.from({ length: concurrency }, (_, index) => upload(port, "private_test_key", sizeMiB * MiB, index))
      )
      return `${concurrency} × ${sizeMiB} MiB, right key: ${summary(results)}, last answer after ${Math.max(...results.map((r) => r.ms)).toFixed(0)} ms`
    },
    "declared-2gib": async ({ port }) => {
      const head =
        "POST /api/v1/files/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
        `Authorization: ${authorization("private_test_key")}\r\n` +
        "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 2147483648\r\n\r\n"
      const result = await raw(port, head + "x".repeat(MiB), 5000)
      return `Content-Length 2 GiB, 1 MiB sent: ${result.line} after ${result.ms.toFixed(0)} ms`
    },
    "bad-host": async ({ port }) => {
      const result = await raw(port, "GET /v1/files HTTP/1.1\r\nHost: a b\r\n\r\n", 5000)
      return `Host: "a b": ${result.line}`
    }
  }

  for (const name of only) {
    const scenario = scenarios[name]
    if (scenario === undefined) throw new Error(`unknown scenario ${name}`)
    const running = await startChild()
    await new Promise((resolve) => setTimeout(resolve, 200))
    const before = status(running.child.pid)
    const line = await scenario(running)
    const after = status(running.child.pid)
    console.log(
      `${name.padEnd(14)} ${line}; emulator RSS at rest ${before.rssMiB.toFixed(0)} MiB, peak ${after.peakMiB.toFixed(0)} MiB (+${(after.peakMiB - before.rssMiB).toFixed(0)})`
    )
    running.child.send("stop")
    await new Promise((resolve) => running.child.once("exit", resolve))
  }
}
