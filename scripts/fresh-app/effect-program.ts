// The Effect client against the emulator, as a new app writes it after the docs' install commands.
import { ImageKit } from "@effect-imagekit/sdk"
import { Emulator } from "@effect-imagekit/testing"
import { Cause, Effect, Exit } from "effect"

const program = Effect.gen(function* () {
  const ik = yield* ImageKit.ImageKit
  const uploaded = yield* ik.upload({
    file: new TextEncoder().encode("hello from a fresh app"),
    fileName: "hello.txt",
    folder: "/fresh",
    useUniqueFileName: false
  })
  const files = yield* ik.listFiles({ path: "/fresh" })
  return { uploaded, names: files.map((file) => file.name) }
})

const exit = await Effect.runPromiseExit(program.pipe(Effect.provide(Emulator.layer({ seed: 1 }))))
if (Exit.isFailure(exit)) throw new Error(`Effect program failed:\n${Cause.pretty(exit.cause)}`)
const { uploaded, names } = exit.value
if (!("filePath" in uploaded) || uploaded.filePath !== "/fresh/hello.txt" || names.join() !== "hello.txt") {
  throw new Error(`Effect program: unexpected result ${JSON.stringify(exit.value)}`)
}
console.log(`Effect program: uploaded ${uploaded.filePath} to the emulator and listed it`)
