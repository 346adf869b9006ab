#!/usr/bin/env node
/**
 * The `imagekit` executable: `main` (in `internal/main.ts`) with the process's streams, the client from IMAGEKIT_*
 * (or the embedded emulator) and Node's file system, exiting with the code it gives; on Ctrl+C / SIGTERM with the
 * code the interrupted command asked for.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as CliClient from "./internal/client.js"
import { ExitCode } from "./internal/errors.js"
import * as Interruption from "./internal/interruption.js"
import { main } from "./internal/main.js"
import * as Stdio from "./internal/stdio.js"

const interrupted = Interruption.makeInterruptExit()

const live = Layer.mergeAll(CliClient.layer, Interruption.layer(interrupted), NodeContext.layer).pipe(
  Layer.provideMerge(Stdio.layerProcess)
)

NodeRuntime.runMain(Effect.provide(main(process.argv.slice(2)), live), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => {
    if (Exit.isSuccess(exit)) return onExit(typeof exit.value === "number" ? exit.value : ExitCode.failed)
    onExit(Cause.isInterruptedOnly(exit.cause) ? interrupted.exitCode : ExitCode.failed)
  }
})
