/**
 * `imagekit --help` and every `imagekit <command> --help`, in process: 80 columns, usage lines that start with
 * `imagekit`, optional flags in brackets (repeatable ones too), and none of @effect/cli's boilerplate.
 */
import { assert, describe, it } from "vitest"
import { rootSpec } from "../src/internal/cli.js"
import type { CommandSpec } from "../src/internal/commandSpec.js"
import { runCli } from "./harness.js"

/** Every command of the tree, the root and the nested ones (`tags add`) included. */
const commands = (spec: CommandSpec): Array<CommandSpec> => [spec, ...spec.children.flatMap(commands)]

/** What @effect/cli prints around descriptions, and its built-in flags that `imagekit` does not offer. */
const BOILERPLATE = [
  "A user-defined piece of text",
  "This setting is optional",
  "A true or false value",
  "An integer.",
  "One of the following:",
  "may be repeated zero or more times",
  "must be repeated at least",
  "can be set from environment variables",
  "--wizard",
  "--log-level",
  "Show the help documentation for a command"
]

describe("help", () => {
  it("every command's help fits 80 columns, starts its usage with imagekit, and has no boilerplate", async () => {
    const all = commands(rootSpec())
    // 22 commands, 7 subcommands under tags, fields and webhook, and the root.
    assert.isAtLeast(all.length, 30)
    const helps = await Promise.all(all.map((spec) => runCli([...spec.path.slice(1), "--help"])))
    helps.forEach((help, index) => {
      const name = all[index]?.path.join(" ") ?? ""
      assert.strictEqual(help.code, 0, name)
      assert.strictEqual(help.stderr, "", name)
      const lines = help.stdout.trimEnd().split("\n")
      for (const line of lines) assert.isAtMost(line.length, 80, `${name}: ${line}`)
      const usage = lines[lines.indexOf("USAGE") + 1] ?? ""
      assert.isTrue(usage === `  ${name}` || usage.startsWith(`  ${name} `), `${name}: ${usage}`)
      for (const phrase of BOILERPLATE) assert.notInclude(help.stdout, phrase, name)
      assert.include(help.stdout, "-h, --help")
    })
  })

  it("shows optional and repeatable flags in brackets, and required ones without", async () => {
    const [url, upload, create, rm] = await Promise.all([
      runCli(["url", "--help"]),
      runCli(["upload", "--help"]),
      runCli(["fields", "create", "--help"]),
      runCli(["rm", "-h"])
    ])
    const usageOf = (text: string) => {
      const start = text.indexOf("USAGE\n") + "USAGE\n".length
      return text.slice(start, text.indexOf("\n\n", start)).replace(/\s+/g, " ").trim()
    }
    // `--query` and `--transformation` may be left out or repeated.
    assert.include(usageOf(url.stdout), "[--transformation <text>]... ")
    assert.include(usageOf(url.stdout), "[--query <text>]... ")
    assert.match(usageOf(url.stdout), / <path-or-url>$/)
    assert.include(usageOf(upload.stdout), "[--concurrency <integer>]")
    assert.include(usageOf(upload.stdout), "[--no-unique-file-name | --use-unique-file-name]")
    assert.match(usageOf(upload.stdout), / <files>\.\.\.$/)
    // A flag the command cannot do without has no brackets.
    assert.match(usageOf(create.stdout), /^imagekit fields create --name <text> --label <text> --type <value> /)
    assert.include(
      create.stdout.replace(/\s+/g, " "),
      "One of: Text, Textarea, Number, Date, Boolean, SingleSelect, MultiSelect."
    )
    assert.include(usageOf(rm.stdout), "[--version-id <text>]")
    // Each flag's own description is there, wrapped beside it.
    assert.match(upload.stdout, /^ {2}--concurrency <integer> +Uploads at once, 1 to 64\.$/m)
  })

  it("imagekit alone, or with --help, lists every command with a line of what it does", async () => {
    const [alone, help] = await Promise.all([runCli([]), runCli(["--help"])])
    assert.strictEqual(alone.code, 0)
    assert.strictEqual(alone.stdout, help.stdout)
    assert.match(
      help.stdout,
      /^imagekit \S+: ImageKit from the command line\.\n\nUSAGE\n {2}imagekit <command> \[options\]\n/
    )
    for (const command of ["tour", "upload", "ls", "tags", "fields", "webhook", "emulator"]) {
      assert.match(help.stdout, new RegExp(`^ {2}- ${command} +[A-Z]`, "m"))
    }
    assert.include(help.stdout, "--completions <sh|bash|fish|zsh>")
    const tags = await runCli(["tags", "--help"])
    assert.match(tags.stdout, /^USAGE\n {2}imagekit tags <command> \[options\]$/m)
    assert.match(tags.stdout, /^ {2}- add +Add tags to files/m)
    assert.match(tags.stdout, /^ {2}- remove +Remove tags/m)
  })
})
