/**
 * `imagekit emulator` as users run it: the bundled `dist/bin.js` in a child process (build first: `npx tsup`), so
 * that Ctrl+C and SIGTERM are real signals; flags refused before it starts are checked in process (harness.ts).
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as Webhook from "@effect-imagekit/core/Webhook"
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { afterEach, assert, beforeAll, describe, it } from "vitest"
import { runCli, runTest } from "./harness.js"

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url))

interface Cli {
  readonly child: ChildProcess
  readonly stdout: () => string
  readonly stderr: () => string
  /** Resolves with the first match of `pattern` in stdout; rejects if the process ends first. */
  readonly waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>
  readonly exit: Promise<number | null>
}

const running: Array<ChildProcess> = []

// No IMAGEKIT_* from the machine running the tests: each test sets what it needs.
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NO_COLOR: "1" }
  return { ...env, ...extra }
}

const cli = (args: ReadonlyArray<string>, env: Record<string, string> = {}): Cli => {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] })
  running.push(child)
  let stdout = ""
  let stderr = ""
  const listeners = new Set<() => void>()
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8")
    for (const listener of listeners) listener()
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8")
  })
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = stdout.match(pattern)
        if (match !== null) {
          listeners.delete(check)
          resolve(match)
        }
      }
      listeners.add(check)
      check()
      void exit.then((code) => reject(new Error(`exited with ${code} before ${pattern}: ${stdout}${stderr}`)))
    })
  return { child, stdout: () => stdout, stderr: () => stderr, waitFor, exit }
}

/** The `export NAME=value` lines of the banner, as a map. */
const exportsOf = (banner: string): Map<string, string> =>
  new Map(
    [...banner.matchAll(/^ {2}export (IMAGEKIT_[A-Z_]+)=(.*)$/gm)].map((match) => [match[1] ?? "", match[2] ?? ""])
  )

/** The SDK configured only from the printed variables, exactly as a user exporting them would get it. */
const sdkFrom = (variables: Map<string, string>) =>
  ImageKit.layer.pipe(
    Layer.provide(ImageKitConfig.layerConfig({ retry: { maxRetries: 0 } })),
    Layer.provide(FetchHttpClient.layer),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(variables)))
  )

const run = <A, E>(effect: Effect.Effect<A, E, ImageKit.ImageKit>, variables: Map<string, string>) =>
  runTest(effect.pipe(Effect.provide(sdkFrom(variables))))

const tempDirs: Array<string> = []
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-cli-"))
  tempDirs.push(dir)
  return dir
}

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (cd packages/cli && npx tsup)`)
})

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL")
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe("imagekit emulator", () => {
  it("prints where it listens and the SDK variables, serves the SDK, keeps its data dir, and stops on SIGINT", async () => {
    const dataDir = path.join(tempDir(), "nested", "data")
    const first = cli(["emulator", "--port", "0", "--data-dir", dataDir, "--seed", "5"])
    await first.waitFor(/Press Ctrl\+C to stop\./)
    const banner = first.stdout()
    const url = banner.match(/^ImageKit emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m)?.[1]
    assert.isDefined(url)
    assert.notMatch(url ?? "", /:0$/)
    const variables = exportsOf(banner)
    assert.deepStrictEqual(Object.fromEntries(variables), {
      IMAGEKIT_PUBLIC_KEY: "public_test_key",
      IMAGEKIT_PRIVATE_KEY: "private_test_key",
      IMAGEKIT_URL_ENDPOINT: `${url}/delivery`,
      IMAGEKIT_API_BASE_URL: url,
      IMAGEKIT_UPLOAD_BASE_URL: url
    })
    assert.include(banner, `Data dir        ${dataDir}`)

    const uploaded = await run(
      Effect.flatMap(ImageKit.ImageKit, (ik) =>
        ik.upload({
          file: new TextEncoder().encode("from the cli test"),
          fileName: "cli.txt",
          useUniqueFileName: false
        })
      ),
      variables
    )
    assert.isTrue("fileId" in uploaded)

    first.child.kill("SIGINT")
    assert.strictEqual(await first.exit, 0)
    assert.match(first.stdout(), /Stopping: 1 request served/)

    // Same dir, new process: the file is still there, bytes included.
    const second = cli(["emulator", "--data-dir", dataDir])
    await second.waitFor(/Press Ctrl\+C to stop\./)
    const again = exportsOf(second.stdout())
    const files = await run(
      Effect.flatMap(ImageKit.ImageKit, (ik) => ik.listFiles()),
      again
    )
    assert.deepStrictEqual(
      files.map((file) => ("filePath" in file ? file.filePath : undefined)),
      ["/cli.txt"]
    )
    const delivered = await fetch(`${again.get("IMAGEKIT_URL_ENDPOINT")}/cli.txt`)
    assert.strictEqual(await delivered.text(), "from the cli test")
    second.child.kill("SIGTERM")
    assert.strictEqual(await second.exit, 0)
  })

  it("takes the private key from IMAGEKIT_PRIVATE_KEY and never prints it", async () => {
    const key = "private_from_env_123"
    const emulator = cli(["emulator"], { IMAGEKIT_PRIVATE_KEY: key })
    await emulator.waitFor(/Press Ctrl\+C to stop\./)
    const banner = emulator.stdout()
    assert.notInclude(banner, key)
    assert.include(banner, "export IMAGEKIT_PRIVATE_KEY=<the private key you passed>")
    const variables = exportsOf(banner)
    const denied = await run(
      Effect.flip(Effect.flatMap(ImageKit.ImageKit, (ik) => ik.listFiles())),
      new Map([...variables, ["IMAGEKIT_PRIVATE_KEY", "private_test_key"]])
    )
    assert.strictEqual(denied._tag, "AuthenticationError")
    const listed = await run(
      Effect.flatMap(ImageKit.ImageKit, (ik) => ik.listFiles()),
      new Map([...variables, ["IMAGEKIT_PRIVATE_KEY", key]])
    )
    assert.deepStrictEqual(listed, [])
    emulator.child.kill("SIGINT")
    assert.strictEqual(await emulator.exit, 0)
    assert.notInclude(emulator.stdout() + emulator.stderr(), key)
  })

  it("posts signed webhooks and reports each delivery, without printing the secret", async () => {
    const secret = "whsec_cli_test_secret"
    const received: Array<{ readonly headers: IncomingHttpHeaders; readonly body: string }> = []
    const receiver = createServer((request, response) => {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") })
        response.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
    try {
      const emulator = cli(["emulator", "--webhook-url", hookUrl, "--webhook-secret", secret])
      await emulator.waitFor(/Press Ctrl\+C to stop\./)
      assert.include(emulator.stdout(), `Webhooks        ${hookUrl}`)
      await run(
        Effect.flatMap(ImageKit.ImageKit, (ik) =>
          ik.upload({ file: new Uint8Array([1, 2, 3]), fileName: "t.bin", transformation: { pre: "w-10" } })
        ),
        exportsOf(emulator.stdout())
      )
      await emulator.waitFor(/webhook upload\.pre-transform\.success \S+: delivered \(1 attempt, HTTP 204\)/)
      const [delivery] = received
      assert.isDefined(delivery)
      if (delivery === undefined) return
      const header = delivery.headers["x-ik-signature"]
      assert.isString(header)
      const verified = Webhook.verifySignature(delivery.body, String(header), secret)
      assert.strictEqual((verified.event as { readonly type?: unknown }).type, "upload.pre-transform.success")
      assert.throws(() => Webhook.verifySignature(delivery.body, String(header), "whsec_wrong"))
      emulator.child.kill("SIGINT")
      assert.strictEqual(await emulator.exit, 0)
      assert.match(emulator.stdout(), /webhooks 1 delivered \/ 0 failed/)
      assert.notInclude(emulator.stdout() + emulator.stderr(), secret)
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()))
    }
  })

  it("--rate-limited-rate answers that share with 429s carrying X-RateLimit-* headers, and says so", async () => {
    const emulator = cli(["emulator", "--rate-limited-rate", "1"])
    await emulator.waitFor(/Press Ctrl\+C to stop\./)
    assert.include(emulator.stdout(), "rate-limited rate 1")
    const variables = exportsOf(emulator.stdout())
    const response = await fetch(`${variables.get("IMAGEKIT_API_BASE_URL")}/v1/files`, {
      headers: { authorization: `Basic ${Buffer.from("private_test_key:").toString("base64")}` }
    })
    assert.strictEqual(response.status, 429)
    assert.strictEqual(response.headers.get("x-ratelimit-limit"), "100")
    assert.strictEqual(response.headers.get("x-ratelimit-interval"), "1000")
    assert.isTrue(Number(response.headers.get("x-ratelimit-reset")) > 0)
    await response.arrayBuffer()
    emulator.child.kill("SIGINT")
    assert.strictEqual(await emulator.exit, 0)
  })

  it.each([
    [["--rate-limit", "GET/v1/files:10"], /Invalid --rate-limit "GET\/v1\/files:10": expected \[METHOD:\]PATH_PREFIX/],
    [["--port", "70000"], /Invalid --port 70000: expected 0 \(any free port\) to 65535/],
    [["--error-rate", "1.5"], /Invalid --error-rate 1\.5: expected a share of requests from 0 to 1/],
    [["--rate-limited-rate", "2"], /Invalid --rate-limited-rate 2: expected a share of requests from 0 to 1/],
    [["--latency", "fast"], /Invalid --latency "fast"/],
    [["--webhook-url", "http://127.0.0.1:9/x"], /--webhook-url needs --webhook-secret/],
    [["--no-such-flag"], /unknown option --no-such-flag for `imagekit emulator`/],
    [["--max-body", "lots"], /Invalid --max-body "lots": expected a size/],
    [["--max-body", "5GiB"], /Invalid --max-body "5GiB"/]
  ])("rejects %j with exit code 2, the reason and a hint", async (args, message) => {
    const emulator = await runCli(["emulator", ...args])
    assert.strictEqual(emulator.code, 2)
    assert.match(emulator.stderr, message)
    assert.include(emulator.stderr, "--help")
    assert.notInclude(emulator.stdout, "listening")
  })

  it("a damaged data dir stops the start with exit code 1 and one line saying why", async () => {
    const dataDir = tempDir()
    fs.writeFileSync(path.join(dataDir, "state.json"), "not json")
    const emulator = await runCli(["emulator", "--data-dir", dataDir])
    assert.strictEqual(emulator.code, 1)
    assert.strictEqual(
      emulator.stderr.trim(),
      `imagekit: The emulator's data dir ${dataDir} is damaged: state.json is not valid JSON. Restore it from a copy, ` +
        "or start with an empty dir."
    )
  })

  it("--max-body sets the largest body: an upload over it gets a 413 at once naming the limit and the flag", async () => {
    const emulator = cli(["emulator", "--max-body", "1KiB"])
    await emulator.waitFor(/Press Ctrl\+C to stop\./)
    const variables = exportsOf(emulator.stdout())
    const upload = (size: number) => {
      const form = new FormData()
      form.append("file", new Blob([new Uint8Array(size)]), "a.bin")
      form.append("fileName", "a.bin")
      return fetch(`${variables.get("IMAGEKIT_UPLOAD_BASE_URL")}/api/v1/files/upload`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from("private_test_key:").toString("base64")}` },
        body: form
      })
    }
    assert.strictEqual((await upload(100)).status, 200)
    const refused = await upload(2048)
    assert.strictEqual(refused.status, 413)
    const body = (await refused.json()) as { message: string; help: string }
    assert.include(body.message, "at most 1 KiB")
    assert.include(body.help, "--max-body")
    emulator.child.kill("SIGINT")
    assert.strictEqual(await emulator.exit, 0)
  })

  it("--help describes the options and exits 0", async () => {
    const help = await runCli(["emulator", "--help"])
    assert.strictEqual(help.code, 0)
    for (const flag of [
      "--port",
      "--data-dir",
      "--rate-limit",
      "--webhook-url",
      "--webhook-secret",
      "--seed",
      "--max-body"
    ]) {
      assert.include(help.stdout, flag)
    }
  })
})
