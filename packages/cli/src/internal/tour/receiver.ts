/**
 * A webhook endpoint for the tour: a node:http server on 127.0.0.1 (a free port) that keeps every POST's raw body
 * and headers, answers 204, and closes with the scope. Verification is the step's business, not the receiver's:
 * the body is kept byte for byte, as a signature covers it.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { CommandFailure, ExitCode } from "../errors.js"

export interface Delivery {
  readonly body: string
  readonly headers: IncomingHttpHeaders
}

export interface Receiver {
  readonly url: string
  /** Every delivery received so far, oldest first. */
  readonly deliveries: () => ReadonlyArray<Delivery>
}

const listen = (server: Server): Effect.Effect<number, CommandFailure> =>
  Effect.async((resume) => {
    const onError = (error: Error) =>
      resume(
        Effect.fail(
          new CommandFailure({
            kind: "TourReceiverFailed",
            message: `the tour's webhook receiver cannot listen on 127.0.0.1 (${error.message})`,
            hint: "check that this machine allows local connections",
            exitCode: ExitCode.failed
          })
        )
      )
    server.once("error", onError)
    server.listen(0, "127.0.0.1", () => {
      server.off("error", onError)
      resume(Effect.succeed((server.address() as AddressInfo).port))
    })
  })

const close = (server: Server): Effect.Effect<void> =>
  Effect.async((resume) => {
    server.closeAllConnections()
    server.close(() => resume(Effect.void))
  })

export const receiver: Effect.Effect<Receiver, CommandFailure, Scope.Scope> = Effect.gen(function* () {
  const received: Array<Delivery> = []
  const server = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: request.headers })
      response.writeHead(204).end()
    })
  })
  const port = yield* Effect.acquireRelease(listen(server), () => close(server))
  return { url: `http://127.0.0.1:${port}/webhooks`, deliveries: () => [...received] }
})
