/**
 * Which allocation sites V8 decided to tenure ("pretenure": allocate every object of that literal in the old generation,
 * for good) in a client's process after `getFileDetails` round trips at c=1 against the static loopback server of
 * roundtrip-ab.mjs (decision 0082). Each client runs in a child process started with `--allow-natives-syntax` whose
 * standard output goes, unbuffered (`stdbuf -o0`), to a file the child reads back to walk V8's site list; printed per
 * tenured site: its literal (an array's elements kind, or an object's keys) and the functions inlined into the
 * optimized code that allocates from it, which is where the literal lives (V8 names no source position).
 *
 * Usage: node src/pretenured-sites.mjs [dist|raw|v7 ...] [--calls=2000] [--v8="--flag ..."]
 * Needs `stdbuf` (GNU coreutils). Diagnostic only: the output format is V8's debug printing, which may change.
 */
import { execFile, fork } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

const argument = (name, fallback) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const ids = process.argv.slice(2).filter((arg) => !arg.startsWith("--"))
const calls = argument("calls", "2000")
const v8Flags = argument("v8", "")
  .split(" ")
  .filter((flag) => flag !== "")
const roundtrip = fileURLToPath(new URL("./roundtrip-ab.mjs", import.meta.url))

const server = fork(roundtrip, ["--server"])
const port = await new Promise((resolve) => server.once("message", (message) => resolve(message.port)))
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "pretenured-sites-"))

for (const id of ids.length === 0 ? ["dist"] : ids) {
  const out = path.join(directory, `${id}.txt`)
  await new Promise((resolve, reject) =>
    execFile(
      "sh",
      [
        "-c",
        'exec stdbuf -o0 "$0" "$@" > "$SITES_OUT" 2>&1',
        process.execPath,
        "--allow-natives-syntax",
        ...v8Flags,
        roundtrip,
        "--gc-client",
        id,
        `http://127.0.0.1:${port}`,
        "1",
        calls,
        "sites"
      ],
      { env: { ...process.env, SITES_OUT: out } },
      (error) => (error === null ? resolve() : reject(error))
    )
  )
  const text = fs.readFileSync(out, "utf8")
  const sites = [...text.matchAll(/^SITE (.*)\n((?:(?!END-SITE).*\n)*?)END-SITE$/gm)]
  console.log(`${id}: ${sites.length} of ${/^SITES (\d+)$/m.exec(text)?.[1] ?? "?"} allocation sites tenured`)
  for (const [, literal, body] of sites) {
    const keys = /^KEYS (.*)$/m.exec(body)?.[1]
    const functions = [...new Set([...body.matchAll(/^CODE (.*)$/gm)].flatMap((match) => match[1].split(", ")))]
      .filter((name) => name !== "" && name !== "(anonymous)")
      .slice(0, 6)
    const shape =
      keys === undefined
        ? literal
            .replace(/ 0x[0-9a-f]+/g, "")
            .replace(/<[^>]*>/g, "")
            .trim()
        : `{ ${keys} }`
    console.log(`  ${shape.slice(0, 70).padEnd(70)} ${functions.join(", ")}`)
  }
}
fs.rmSync(directory, { recursive: true, force: true })
server.kill()
