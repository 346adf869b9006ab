// `imagekit.effect`: the Effect client under an adapter instance, driven by the app's own `effect` and
// `@effect-imagekit/sdk` (the adapter's optional peers), against the emulator.
import ImageKit from "@effect-imagekit/promise"
import { ImageKit as Client } from "@effect-imagekit/sdk"
import { Emulator } from "@effect-imagekit/testing"
import { Cause, Effect, Exit } from "effect"

const emulator = await Emulator.start({ seed: 2 })
try {
  const imagekit = new ImageKit({
    publicKey: "public_test_key",
    privateKey: "private_test_key",
    urlEndpoint: emulator.urlEndpoint,
    apiBaseUrl: emulator.url,
    uploadEndpoint: `${emulator.url}/api/v1/files/upload`
  })
  await imagekit.upload({ file: new TextEncoder().encode("hi"), fileName: "hatch.txt", folder: "/hatch" })
  const exit = await imagekit.effect.runtime.runPromiseExit(
    Effect.flatMap(Client.ImageKit, (ik) => ik.listFiles({ path: "/hatch" }))
  )
  if (Exit.isFailure(exit)) throw new Error(`imagekit.effect failed:\n${Cause.pretty(exit.cause)}`)
  if (exit.value.length !== 1) throw new Error(`imagekit.effect listed ${exit.value.length} files, not 1`)
  await imagekit.effect.runtime.dispose()
  console.log("adapter (imagekit.effect): the app's Effect ran on the adapter's runtime against the emulator: ok")
} finally {
  await emulator.close()
}
