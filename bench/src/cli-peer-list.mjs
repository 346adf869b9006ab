// A one-shot "list the library and print it as JSON" with an official SDK, the script a user would write without
// our CLI: `node src/cli-peer-list.mjs v6|v7`, pointed at the emulator by IMAGEKIT_* like our CLI. bench/cli.mjs
// times it as a whole process next to `imagekit ls --json`.
import { imagekitV6At } from "./imagekit-v6.mjs"

const which = process.argv[2]
const privateKey = process.env.IMAGEKIT_PRIVATE_KEY ?? ""
const baseUrl = process.env.IMAGEKIT_API_BASE_URL ?? ""

if (which === "v6") {
  const ImageKit = imagekitV6At(baseUrl)
  const client = new ImageKit({
    publicKey: process.env.IMAGEKIT_PUBLIC_KEY ?? "",
    privateKey,
    urlEndpoint: process.env.IMAGEKIT_URL_ENDPOINT ?? ""
  })
  process.stdout.write(`${JSON.stringify(await client.listFiles({}), null, 2)}\n`)
} else if (which === "v7") {
  const { default: ImageKit } = await import("@imagekit/nodejs")
  // The emulator refuses v7's default `do_not_set` password; send the header v7 would send with an empty one.
  const authorization = `Basic ${Buffer.from(`${privateKey}:`).toString("base64")}`
  const client = new ImageKit({ privateKey, baseURL: baseUrl, defaultHeaders: { Authorization: authorization } })
  process.stdout.write(`${JSON.stringify(await client.assets.list({}), null, 2)}\n`)
} else {
  process.stderr.write("usage: node src/cli-peer-list.mjs v6|v7\n")
  process.exit(2)
}
