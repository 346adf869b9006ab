#!/usr/bin/env node
// Checks every fenced code block of README.md and docs/**/*.md (docs/api/** excepted: generated, checked
// elsewhere; docs/decisions/** included). Usage: `node scripts/check-docs.mjs [page.md ...]` (default: every page).
// Prints failures at the doc's file:line, then a summary per page; exits 1 on any failure, 2 when it cannot start.
// Needs `pnpm install` (docs/examples-check) and the packages built (`pnpm build`: their types, the emulator, the CLI).
// The matcher's self-test (`node scripts/docs-check/match.mjs --self-test`) runs first on every start.
//
// By language (the first word of the fence's info string):
//   ts, typescript, mts, cts   type-checked. Each block is its own module (imports at its top), written to
//                              docs/examples-check/.check-<pid>/blocks/ and checked by one `tsc` with the repository's
//                              strict settings (docs/examples-check/tsconfig.json; unused locals allowed). A block that
//                              uses `require(` and no import/export is CommonJS (.cts).
//   js, javascript, mjs, cjs   run, not type-checked (a JavaScript example should not need the narrowing that strict
//                              checkJs asks for). Each block is a complete program, written to
//                              docs/examples-check/.check-<pid>/run/ (so `@effect-imagekit/*`, `effect`, `imagekit`
//                              resolve) and run by `node` in the page's sequence with the console environment below;
//                              it must exit 0 within 30 s. Its output is not compared (it is printed on failure).
//                              CommonJS (.cjs) when it uses `require(` and no import/export.
//   diff                       a snippet diff (no `---`/`+++`/`@@` lines): its pre-image and its post-image are each
//                              type-checked as a module (.ts, or .cjs with checkJs when it uses `require(`); a patch
//                              with headers is only checked to be well-formed (every line starts with " ", "+", "-").
//   console                    run. Per page, console blocks and JavaScript programs share one fresh emulator (seed 1,
//                              so ids are deterministic; keys public_test_key / private_test_key) with
//                              IMAGEKIT_PUBLIC_KEY, _PRIVATE_KEY, _URL_ENDPOINT, _API_BASE_URL, _UPLOAD_BASE_URL
//                              pointing at it, NO_COLOR=1, XDG_* dirs inside the run's temp dir, and `imagekit` on PATH
//                              running packages/cli/dist/bin.js. Lines starting with `$ ` are commands (a line ending
//                              in `\` continues on the next one), run in page order, each by its own `bash -c` (so `cd`
//                              and `export` do not carry over), in one temp dir per page holding notes.txt ("hello\n")
//                              and photos/ (copies of packages/cli/assets/samples/*.png). stdout and stderr are one
//                              stream. The lines after a command are its expected output: `…` matches any text within
//                              a line, a line that is only `…` matches any number of lines (zero too); trailing spaces
//                              and trailing empty lines do not count. A command that exits N > 0 must end its output
//                              with a line `[exit N]`; one that exits 0 must not. A command is killed after 30 s (a
//                              failure); what it left running in the background is killed when it exits.
//   sh, bash, shell, zsh       not run: `bash -n`, and every `imagekit <command> [--flag …]` (also after `VAR=x` or
//                              `env -u X`) or `node packages/cli/dist/bin.js …` must name a real (sub)command and only
//                              flags that its `--help` lists. README.md's sh block under "Set-up" must contain .ci/run's
//                              command exactly, and each of its commands must start with .ci/run's set-up steps.
//   json                       must parse.
//   text, no language          output or data, not code: left as is (and counted as "data").
//   anything else              not checked; listed as a note.
//
// A marker in an HTML comment on the closest non-blank line before the fence changes what happens to one block:
//   <!-- docs-check: skip (reason) -->   not checked; the reason is printed and skips are counted. Use sparingly.
//   <!-- docs-check: stop-after 2s -->   console only: each command of the block gets Ctrl+C (SIGINT, to its process
//                                        group) after that time (`ms` or `s`), for commands that run until stopped
//                                        such as `imagekit emulator`; its output and exit code are then compared as
//                                        usual (the emulator exits 0 on Ctrl+C).

import { existsSync, rmSync } from "node:fs"
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { killCommands, runConsolePage } from "./docs-check/console.mjs"
import { brokenLinks } from "./docs-check/links.mjs"
import { extractBlocks, parseMarker } from "./docs-check/markdown.mjs"
import { assertSelfTest } from "./docs-check/match.mjs"
import { imagekitArgs, makeCliChecker, simpleCommands, syntaxCheck } from "./docs-check/shell.mjs"
import { extensionFor, preflight, staleBuilds, typecheck } from "./docs-check/typecheck.mjs"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const started = performance.now()

const TYPED = new Set(["ts", "typescript", "mts", "cts"])
const SCRIPT = new Set(["js", "javascript", "mjs", "cjs"])
const SHELL = new Set(["sh", "bash", "shell", "zsh"])
const DATA = new Set(["", "text", "txt", "plain", "output"])
const EXCLUDED = ["docs/api/"]

const listPages = async () => {
  const pages = existsSync(join(root, "README.md")) ? ["README.md"] : []
  const walk = async (dir) => {
    for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "examples-check" && !EXCLUDED.includes(`${path}/`)) {
          await walk(path)
        }
      } else if (entry.name.endsWith(".md")) pages.push(path)
    }
  }
  await walk("docs")
  return pages.sort((a, b) => (a === "README.md" ? -1 : b === "README.md" ? 1 : a.localeCompare(b)))
}

/** Splits a snippet diff into its pre-image and post-image, with page lines; or a well-formedness problem. */
const diffImages = (block) => {
  const patch = block.lines.some((line) => /^(---|\+\+\+|@@) /u.test(line))
  const before = { lines: [], lineMap: [] }
  const after = { lines: [], lineMap: [] }
  const problems = []
  block.lines.forEach((text, k) => {
    const line = block.line + 1 + k
    if (/^(diff |index |--- |\+\+\+ |@@ |\\ No newline)/u.test(text)) return
    const sign = text[0] ?? " "
    const body = text.slice(1)
    if (sign === " " || text === "") {
      before.lines.push(body)
      before.lineMap.push(line)
      after.lines.push(body)
      after.lineMap.push(line)
    } else if (sign === "-") {
      before.lines.push(body)
      before.lineMap.push(line)
    } else if (sign === "+") {
      after.lines.push(body)
      after.lineMap.push(line)
    } else problems.push({ line, message: `not a diff line (starts with neither " ", "+" nor "-"): ${text}` })
  })
  return { patch, before, after, problems }
}

/** README's Set-up block must be the CI command of .ci/run (the set-up steps, then `pnpm test`). */
const checkSetup = async (blocks) => {
  const ciRun = await readFile(join(root, ".ci", "run"), "utf8").catch(() => undefined)
  if (ciRun === undefined) return [{ line: 1, message: ".ci/run not found" }]
  const ciLine = ciRun.split("\n").find((line) => /\bpnpm test\b/u.test(line) && !line.trim().startsWith("#"))
  if (ciLine === undefined) return [{ line: 1, message: ".ci/run has no line running `pnpm test`" }]
  const ciSteps = ciLine.split("&&").map((step) => step.trim())
  const setup = blocks.find((block) => SHELL.has(block.lang) && /set-?up/iu.test(block.heading ?? ""))
  if (setup === undefined) return [{ line: 1, message: "no sh block under a Set-up heading" }]
  const commands = setup.lines
    .map((text, k) => ({ text: text.trim(), line: setup.line + 1 + k }))
    .filter(({ text }) => text !== "" && !text.startsWith("#"))
  const problems = []
  if (!commands.some(({ text }) => text === ciSteps.join(" && "))) {
    problems.push({
      line: setup.line,
      message: `the Set-up block does not contain .ci/run's command: ${ciSteps.join(" && ")}`
    })
  }
  const setupSteps = ciSteps.slice(0, -1).join(" && ")
  for (const { text, line } of commands) {
    if (!text.startsWith(`${setupSteps} && `)) {
      problems.push({
        line,
        message: `a set-up command must start with .ci/run's set-up steps "${setupSteps}": ${text}`
      })
    }
  }
  return problems
}

const main = async () => {
  assertSelfTest()
  const args = process.argv.slice(2)
  const pages = args.length > 0 ? args.map((arg) => relative(root, resolve(arg))) : await listPages()
  for (const page of pages) {
    if (!existsSync(join(root, page))) {
      console.error(`check-docs: no such page: ${page}`)
      process.exit(2)
    }
  }

  // Per page: counts and failures ({ line, message, command?, diff? }).
  const reports = new Map()
  const units = []
  const unitBlocks = new Map()
  const consolePages = []
  const asyncChecks = []
  const cliCheck = makeCliChecker(root)
  // A directory of this run's own (removed at exit), so that runs at the same time in one tree do not collide.
  const workDir = join(root, "docs", "examples-check", `.check-${process.pid}`)
  const runDir = join(workDir, "run")
  process.on("exit", () => {
    killCommands()
    rmSync(workDir, { recursive: true, force: true })
  })
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130))

  for (const page of pages) {
    const text = await readFile(join(root, page), "utf8")
    const blocks = extractBlocks(text)
    const report = { compiled: 0, run: 0, commands: 0, syntax: 0, skipped: [], data: 0, unchecked: [], failures: [] }
    reports.set(page, report)
    const fail = (line, message, extra = {}) => report.failures.push({ line, message, ...extra })
    for (const problem of brokenLinks(root, page, text)) fail(problem.line, problem.message)
    const consoleBlocks = []
    const slug = page.replace(/\.md$/u, "").replace(/[^A-Za-z0-9_-]+/gu, "_")
    for (const block of blocks) {
      const marker = parseMarker(block.marker)
      if (marker?.kind === "invalid") {
        fail(block.line - 1, `unknown docs-check marker "${marker.text}" (skip (reason) or stop-after <n>s|ms)`)
        continue
      }
      if (marker?.kind === "skip") {
        report.skipped.push({ line: block.line, lang: block.lang, reason: marker.reason })
        continue
      }
      if (marker?.kind === "stop-after" && block.lang !== "console") {
        fail(block.line - 1, "stop-after is for console blocks only")
        continue
      }
      const lineMap = block.lines.map((_, k) => block.line + 1 + k)
      if (TYPED.has(block.lang)) {
        const id = `${page}:${block.line}`
        units.push({
          id,
          file: `${slug}/L${block.line}${extensionFor(block.lang, block.code)}`,
          code: block.code,
          lineMap
        })
        unitBlocks.set(id, page)
        report.compiled++
      } else if (SCRIPT.has(block.lang)) {
        const script = join(runDir, slug, `L${block.line}${extensionFor(block.lang, block.code)}`)
        await mkdir(dirname(script), { recursive: true })
        await writeFile(script, block.code)
        consoleBlocks.push({ block, marker, script })
        report.run++
      } else if (block.lang === "diff") {
        const images = diffImages(block)
        for (const problem of images.problems) fail(problem.line, problem.message)
        if (images.problems.length === 0 && !images.patch) {
          for (const [name, image] of [
            ["before", images.before],
            ["after", images.after]
          ]) {
            const code = `${image.lines.join("\n")}\n`
            const id = `${page}:${block.line}:${name}`
            const ext = extensionFor("ts", code) === ".cts" ? ".cjs" : ".ts"
            units.push({ id, file: `${slug}/L${block.line}.${name}${ext}`, code, lineMap: image.lineMap })
            unitBlocks.set(id, page)
          }
          report.compiled++
        } else report.syntax++
      } else if (block.lang === "console") {
        consoleBlocks.push({ block, marker })
        report.run++
      } else if (SHELL.has(block.lang)) {
        report.syntax++
        asyncChecks.push(
          (async () => {
            for (const problem of await syntaxCheck(block)) fail(problem.line, `bash -n: ${problem.message}`)
            for (const { line, words } of simpleCommands(block)) {
              const cliArgs = imagekitArgs(words)
              if (cliArgs === undefined) continue
              for (const problem of await cliCheck(cliArgs)) fail(line, problem)
            }
          })()
        )
      } else if (block.lang === "json") {
        report.syntax++
        try {
          JSON.parse(block.code)
        } catch (error) {
          fail(block.line, `json does not parse: ${error instanceof Error ? error.message : String(error)}`)
        }
      } else if (DATA.has(block.lang)) report.data++
      else report.unchecked.push({ line: block.line, lang: block.lang })
    }
    if (page === "README.md") {
      asyncChecks.push(
        checkSetup(blocks).then((problems) => {
          for (const problem of problems) fail(problem.line, problem.message)
        })
      )
    }
    if (consoleBlocks.length > 0) consolePages.push({ page, consoleBlocks })
  }

  const problems = units.length > 0 || consolePages.length > 0 ? preflight(root) : []
  if (problems.length > 0) {
    for (const problem of problems) console.error(`check-docs: ${problem}`)
    process.exit(2)
  }

  const stale = staleBuilds(root)
  if (stale.length > 0) {
    console.log(
      `note: ${stale.map((name) => `packages/${name}/dist`).join(", ")} older than src: checking against an old build (pnpm build)`
    )
  }
  const typecheckDone = typecheck(root, workDir, units).then(({ results, other }) => {
    for (const [id, diagnostics] of results) {
      const report = reports.get(unitBlocks.get(id))
      for (const d of diagnostics) report.failures.push({ line: d.line, message: `tsc ${d.message}` })
    }
    if (other.length > 0) {
      const report = reports.get(pages[0])
      for (const d of other) report.failures.push({ line: 0, message: `tsc: ${d.message}` })
    }
  })
  // Pages with console blocks run concurrently (each has its own emulator and temp dir), two at a time.
  const queue = [...consolePages]
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const { page, consoleBlocks } = next
      const report = reports.get(page)
      try {
        const { results } = await runConsolePage(root, consoleBlocks)
        for (const { failures, commands } of results.values()) {
          report.commands += commands
          report.failures.push(...failures)
        }
      } catch (error) {
        report.failures.push({
          line: 0,
          message: `console run failed: ${error instanceof Error ? error.stack : String(error)}`
        })
      }
    }
  }
  await Promise.all([typecheckDone, ...asyncChecks, worker(), worker()])

  // Report.
  let failed = 0
  const rows = []
  for (const [page, report] of reports) {
    report.failures.sort((a, b) => a.line - b.line)
    for (const failure of report.failures) {
      failed++
      const where = failure.line > 0 ? `${page}:${failure.line}` : page
      console.log(
        `FAIL ${where}${failure.command === undefined ? "" : ` $ ${failure.command.split("\n").join("\n     ")}`}`
      )
      for (const text of failure.message.split("\n")) console.log(`     ${text}`)
      for (const text of failure.diff ?? []) console.log(`       ${text}`)
    }
    for (const skip of report.skipped)
      console.log(`skip ${page}:${skip.line} (${skip.lang || "no language"}): ${skip.reason}`)
    for (const block of report.unchecked)
      console.log(`note ${page}:${block.line}: language "${block.lang}" is not checked`)
    rows.push([
      page,
      String(report.compiled),
      report.run === 0 ? "0" : `${report.run} (${report.commands} cmd)`,
      String(report.syntax),
      String(report.skipped.length),
      String(report.data),
      report.failures.length === 0 ? "ok" : `${report.failures.length} FAILED`
    ])
  }
  const header = ["page", "compiled", "run", "syntax", "skipped", "data", "result"]
  const widths = header.map((title, k) => Math.max(title.length, ...rows.map((row) => row[k].length)))
  const format = (row) => row.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join("  ")
  console.log(`\n${format(header)}`)
  for (const row of rows) console.log(format(row))
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    failed === 0
      ? `\ncheck-docs: ${pages.length} page(s) ok in ${seconds} s`
      : `\ncheck-docs: ${failed} failure(s) in ${pages.length} page(s), ${seconds} s`
  )
  process.exit(failed === 0 ? 0 : 1)
}

await main()
