// Runs the ```console blocks and the JavaScript programs of one page against a fresh emulator.

import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { diffLines, matchLines, outputLines, splitExit } from "./match.mjs"

/** Time one command may take (without a `stop-after` marker) before it is killed and reported. */
export const COMMAND_TIMEOUT_MS = 30_000

/**
 * Parses a console block into commands: `{ line, command, expected }`. A line starting with `$ ` starts a command;
 * while the command's last line ends with `\`, the next line continues it. The lines up to the next `$ ` are the
 * expected output. Returns `{ commands, error? }`.
 */
export const parseConsole = (block) => {
  const commands = []
  let current
  let continuing = false
  for (let k = 0; k < block.lines.length; k++) {
    const text = block.lines[k]
    const pageLine = block.line + 1 + k
    if (continuing && current !== undefined) {
      current.command += `\n${text}`
      continuing = text.endsWith("\\")
    } else if (text.startsWith("$ ")) {
      current = { line: pageLine, command: text.slice(2), expected: [] }
      commands.push(current)
      continuing = text.endsWith("\\")
    } else if (current === undefined) {
      if (text.trim() !== "")
        return { commands, error: { line: pageLine, message: "output before the first `$ ` command" } }
    } else current.expected.push(text)
  }
  if (commands.length === 0) return { commands, error: { line: block.line, message: "no `$ ` command in the block" } }
  return { commands }
}

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }

const killGroup = (pid, signal) => {
  try {
    process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

const activePids = new Set()

/** Kills what the commands still run (on exit of the checker, e.g. after Ctrl+C). */
export const killCommands = () => {
  for (const pid of activePids) killGroup(pid, "SIGKILL")
}

const runCommand = (command, { cwd, env, stopAfterMs }) =>
  new Promise((resolve) => {
    const child = spawn("bash", ["-c", `exec 2>&1\n${command}`], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"]
    })
    activePids.add(child.pid)
    let output = ""
    child.stdout.on("data", (chunk) => {
      output += chunk
    })
    child.stderr.on("data", (chunk) => {
      output += chunk
    })
    let timedOut = false
    const timers = []
    if (stopAfterMs !== undefined) {
      timers.push(setTimeout(() => killGroup(child.pid, "SIGINT"), stopAfterMs))
      timers.push(
        setTimeout(() => {
          timedOut = true
          killGroup(child.pid, "SIGKILL")
        }, stopAfterMs + 10_000)
      )
    } else {
      timers.push(
        setTimeout(() => {
          timedOut = true
          killGroup(child.pid, "SIGKILL")
        }, COMMAND_TIMEOUT_MS)
      )
    }
    let exitCode = 0
    child.on("exit", (code, signal) => {
      exitCode = code ?? 128 + (SIGNALS[signal] ?? 0)
      // Whatever the command left running in the background (it would hold the output pipe open) ends with it.
      killGroup(child.pid, "SIGKILL")
    })
    child.on("close", () => {
      for (const timer of timers) clearTimeout(timer)
      activePids.delete(child.pid)
      resolve({ output, exitCode, timedOut })
    })
  })

const shimScript = (binJs) => `#!/bin/sh\nexec "${process.execPath}" "${binJs}" "$@"\n`

/**
 * Runs the page's blocks in page order. `blocks`: `{ block, marker, script? }`: a console block (its commands, with
 * `marker` the parsed marker; skipped blocks are not passed) or, with `script` (an absolute path), a JavaScript
 * program run by `node` that must exit 0. Resolves to `{ results: Map(block.line → { failures, commands }) }`.
 */
export const runConsolePage = async (root, blocks) => {
  const results = new Map(blocks.map(({ block }) => [block.line, { failures: [], commands: 0 }]))
  const Emulator = await import(pathToFileURL(join(root, "packages", "testing", "dist", "Emulator.js")).href)
  const base = await mkdtemp(join(tmpdir(), "docs-check-"))
  const work = join(base, "work")
  const bin = join(base, "bin")
  const xdg = join(base, "xdg")
  await mkdir(join(work, "photos"), { recursive: true })
  await mkdir(bin)
  await mkdir(xdg)
  await writeFile(join(work, "notes.txt"), "hello\n")
  const samples = join(root, "packages", "cli", "assets", "samples")
  if (existsSync(samples)) {
    for (const name of await readdir(samples)) {
      if (name.endsWith(".png")) await copyFile(join(samples, name), join(work, "photos", name))
    }
  }
  await writeFile(join(bin, "imagekit"), shimScript(join(root, "packages", "cli", "dist", "bin.js")))
  await chmod(join(bin, "imagekit"), 0o755)
  const running = await Emulator.start({ seed: 1, publicKey: "public_test_key", privateKey: "private_test_key" })
  try {
    const env = { ...process.env }
    for (const name of Object.keys(env)) {
      if (name.startsWith("IMAGEKIT_") || name === "FORCE_COLOR") delete env[name]
    }
    Object.assign(env, {
      IMAGEKIT_PUBLIC_KEY: "public_test_key",
      IMAGEKIT_PRIVATE_KEY: "private_test_key",
      IMAGEKIT_URL_ENDPOINT: running.urlEndpoint,
      IMAGEKIT_API_BASE_URL: running.url,
      IMAGEKIT_UPLOAD_BASE_URL: running.url,
      NO_COLOR: "1",
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      XDG_DATA_HOME: join(xdg, "data"),
      XDG_CONFIG_HOME: join(xdg, "config"),
      XDG_CACHE_HOME: join(xdg, "cache"),
      XDG_STATE_HOME: join(xdg, "state")
    })
    for (const { block, marker, script } of blocks) {
      const result = results.get(block.line)
      if (script !== undefined) {
        result.commands++
        const got = await runCommand(`exec "${process.execPath}" "${script}"`, {
          cwd: work,
          env,
          stopAfterMs: undefined
        })
        if (got.exitCode !== 0 || got.timedOut) {
          const tail = outputLines(got.output).slice(-30)
          result.failures.push({
            line: block.line,
            message: got.timedOut
              ? `the program was still running after ${COMMAND_TIMEOUT_MS / 1000} s: killed; its last output:`
              : `the program exited ${got.exitCode}; its last output:`,
            diff: tail.map((text) => `| ${text}`)
          })
        }
        continue
      }
      const parsed = parseConsole(block)
      if (parsed.error !== undefined) {
        result.failures.push({ line: parsed.error.line, message: parsed.error.message })
        continue
      }
      for (const { line, command, expected } of parsed.commands) {
        result.commands++
        const want = splitExit(expected)
        if (want.error !== undefined) {
          result.failures.push({ line, command, message: want.error })
          continue
        }
        const stopAfterMs = marker?.kind === "stop-after" ? marker.ms : undefined
        const got = await runCommand(command, { cwd: work, env, stopAfterMs })
        const actual = outputLines(got.output)
        const problems = []
        if (got.timedOut) {
          problems.push(
            stopAfterMs === undefined
              ? `still running after ${COMMAND_TIMEOUT_MS / 1000} s: killed (a command that never ends needs <!-- docs-check: stop-after 2s --> or skip)`
              : "did not stop within 10 s of Ctrl+C (SIGINT): killed"
          )
        }
        if (got.exitCode !== want.exitCode) {
          problems.push(
            want.exitCode === 0
              ? `exited ${got.exitCode}: add a last output line "[exit ${got.exitCode}]" if that is expected`
              : `expected [exit ${want.exitCode}], exited ${got.exitCode}`
          )
        }
        const outputMatches = matchLines(want.lines, actual)
        if (!outputMatches) problems.push("output differs (- expected, + actual):")
        if (problems.length > 0) {
          result.failures.push({
            line,
            command,
            message: problems.join("\n"),
            diff: outputMatches
              ? []
              : diffLines(want.lines, actual).map((text) => text.split(String.fromCharCode(27)).join("\\e"))
          })
        }
      }
    }
  } finally {
    await running.close()
    await rm(base, { recursive: true, force: true })
  }
  return { results }
}
