/**
 * Found by the reliability harness (docs/reliability.md, run e): an upload interrupted before its body is read leaves
 * the caller's read-once source untouched, so an `fs.createReadStream` keeps its file descriptor open for the life of
 * the process. docs/uploads.md promises that interruption "closes its socket and its file at once".
 */
import { createReadStream } from "node:fs"
import { mkdtemp, readdir, readlink, rm, writeFile } from "node:fs/promises"
import { createServer, type Server, type Socket } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as ImageKit from "../src/ImageKit.js"

/** Descriptors of this process open on `path`. */
const descriptorsOn = async (path: string): Promise<number> => {
  let found = 0
  for (const fd of await readdir("/proc/self/fd")) {
    if ((await readlink(`/proc/self/fd/${fd}`).catch(() => "")) === path) found += 1
  }
  return found
}

/** A server that accepts connections and never reads or answers: every request waits. */
const silentServer = Effect.acquireRelease(
  Effect.async<{ readonly server: Server; readonly port: number; readonly sockets: Set<Socket> }>((resume) => {
    const sockets = new Set<Socket>()
    const server = createServer((socket) => {
      sockets.add(socket)
      socket.pause()
      socket.on("error", () => socket.destroy())
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      resume(
        Effect.succeed({ server, port: typeof address === "object" && address !== null ? address.port : 0, sockets })
      )
    })
  }),
  ({ server, sockets }) =>
    Effect.async<void>((resume) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resume(Effect.void))
    })
)

describe("an upload interrupted before its body was read", () => {
  it.live("destroys the caller's Node Readable, closing an fs.createReadStream's descriptor", () =>
    Effect.gen(function* () {
      const directory = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "ik-release-"))),
        (path) => Effect.promise(() => rm(path, { recursive: true, force: true }))
      )
      const path = join(directory, "photo.bin")
      yield* Effect.promise(() => writeFile(path, new Uint8Array(256 * 1024)))
      const { port } = yield* silentServer
      const ik = yield* Effect.provide(
        ImageKit.ImageKit,
        ImageKit.layerNode({
          publicKey: "public_release",
          privateKey: "private_release",
          urlEndpoint: "https://ik.imagekit.io/demo",
          apiBaseUrl: `http://127.0.0.1:${port}`,
          uploadBaseUrl: `http://127.0.0.1:${port}`
        })
      )
      const stream = createReadStream(path)
      // Wait for the stream to open its file, so the descriptor is there to leak.
      yield* Effect.async<void>((resume) => {
        stream.once("open", () => resume(Effect.void))
      })
      assert.strictEqual(yield* Effect.promise(() => descriptorsOn(path)), 1)
      const fiber = yield* Effect.fork(ik.upload({ file: stream, fileName: "photo.bin" }))
      yield* Effect.yieldNow()
      const exit = yield* Fiber.interrupt(fiber)
      assert.isTrue(Exit.isInterrupted(exit))
      // Closing a descriptor completes on a later turn of the event loop.
      yield* Effect.sleep(50)
      assert.isTrue(stream.destroyed, "the interrupted upload's Readable is destroyed")
      assert.strictEqual(yield* Effect.promise(() => descriptorsOn(path)), 0, "no descriptor is left on the file")
    }).pipe(Effect.scoped)
  )
})
