/**
 * What a command accepts, read from its @effect/cli descriptor: its flags (names, whether they take a value, whether
 * they are optional or repeatable), its positional arguments, its description and its subcommands. The help
 * (`help.ts`) and the check of the command line before parsing (`commandLine.ts`) both work from this, so a flag
 * added to a command shows up in both without a list to keep in step.
 *
 * @effect/cli describes flags in two public structures: the `Usage` tree (names, value placeholder, optional,
 * repeated) and the `HelpDoc` (the descriptions, with its own boilerplate around them). The descriptions are matched
 * to flags by name, and the boilerplate paragraphs ("A user-defined piece of text.", "This setting is optional.",
 * …) are dropped: the usage line already says which flags are optional.
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Descriptor from "@effect/cli/CommandDescriptor"
import type * as HelpDoc from "@effect/cli/HelpDoc"
import type * as Span from "@effect/cli/HelpDoc/Span"
import type * as Usage from "@effect/cli/Usage"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"

/** A flag: `--folder <text>`, `-t, --transformation <text>`, or a switch such as `--json`. */
export interface Flag {
  readonly _tag: "Flag"
  /** Every name, short ones first as @effect/cli lists them: `["-t", "--transformation"]`. */
  readonly names: ReadonlyArray<string>
  /** What follows the flag: `text`, `integer`, `path | query`…; `undefined` for a switch. */
  readonly value: string | undefined
  readonly optional: boolean
  readonly repeated: boolean
}

/** Switches that exclude each other: `--no-unique-file-name | --use-unique-file-name`. */
export interface Alternatives {
  readonly _tag: "Alternatives"
  readonly flags: ReadonlyArray<Flag>
  readonly optional: boolean
}

/** A positional argument: `<fileId>`, `<files>...`. */
export interface Positional {
  readonly _tag: "Positional"
  /** With its angle brackets, as @effect/cli names it: `<fileId>`. */
  readonly name: string
  readonly optional: boolean
  readonly repeated: boolean
}

export type UsageItem = Flag | Alternatives | Positional

export interface CommandSpec {
  /** The words that run it: `["imagekit", "tags", "add"]`. */
  readonly path: ReadonlyArray<string>
  /** Paragraphs of its description. */
  readonly description: ReadonlyArray<string>
  /** Flags and positionals in the order of the usage line. */
  readonly usage: ReadonlyArray<UsageItem>
  /** The description paragraphs of each flag and positional, by each of its names (`--tags`, `-t`, `<fileId>`). */
  readonly help: ReadonlyMap<string, ReadonlyArray<string>>
  readonly children: ReadonlyArray<CommandSpec>
}

/** A command as @effect/cli's `Command` has it: only its descriptor is read. */
export interface HasDescriptor {
  readonly descriptor: Descriptor.Command<unknown>
}

const spanText = (span: Span.Span): string => {
  switch (span._tag) {
    case "Text":
    case "URI":
      return span.value
    case "Sequence":
      return spanText(span.left) + spanText(span.right)
    case "Highlight":
    case "Strong":
    case "Weak":
      return spanText(span.value)
  }
}

/** The text of a HelpDoc fragment, a paragraph to a line (what `ValidationError`s carry, for one). */
export const helpDocText = (doc: HelpDoc.HelpDoc): Array<string> => {
  switch (doc._tag) {
    case "Empty":
      return []
    case "Header":
    case "Paragraph":
      return [spanText(doc.value)]
    case "Sequence":
      return [...helpDocText(doc.left), ...helpDocText(doc.right)]
    case "Enumeration":
      return doc.elements.flatMap(helpDocText)
    case "DescriptionList":
      return doc.definitions.flatMap(([term, body]) => [spanText(term), ...helpDocText(body)])
  }
}

/** @effect/cli's own sentences around a description, which say nothing the usage line does not. */
const BOILERPLATE: ReadonlyArray<RegExp> = [
  /^A user-defined piece of text( that is confidential)?\.$/,
  /^A true or false value\.$/,
  /^An integer\.$/,
  /^A floating point number\.$/,
  /^A date without a time-zone/,
  /^An? (existing )?(file|directory|file or directory)( that must not exist)?\.$/,
  /^One of the following: /,
  /^This setting is optional\.$/,
  /^This (option|argument) (may|must) be repeated /,
  /^This (option|argument) can be set from environment variables\.$/,
  /^This argument is optional\.$/,
  /^Will prompt the user /
]

const describe = (paragraph: string): string | undefined => {
  const withDefault = /^This setting is optional\. Defaults to: (.*)$/.exec(paragraph)
  if (withDefault !== null) return `Default: ${withDefault[1]}.`
  return BOILERPLATE.some((pattern) => pattern.test(paragraph)) ? undefined : paragraph
}

/** The description list definitions of a HelpDoc, wherever they sit in it. */
const definitions = (doc: HelpDoc.HelpDoc): Array<readonly [Span.Span, HelpDoc.HelpDoc]> => {
  switch (doc._tag) {
    case "DescriptionList":
      return [...doc.definitions]
    case "Sequence":
      return [...definitions(doc.left), ...definitions(doc.right)]
    default:
      return []
  }
}

/** The top-level sections of a command's HelpDoc (`DESCRIPTION`, `ARGUMENTS`, `OPTIONS`, `COMMANDS`). */
const sections = (doc: HelpDoc.HelpDoc): Map<string, Array<HelpDoc.HelpDoc>> => {
  const found = new Map<string, Array<HelpDoc.HelpDoc>>()
  let current: Array<HelpDoc.HelpDoc> | undefined
  const walk = (node: HelpDoc.HelpDoc): void => {
    if (node._tag === "Sequence") {
      walk(node.left)
      walk(node.right)
    } else if (node._tag === "Header") {
      current = []
      found.set(spanText(node.value), current)
    } else if (current !== undefined) current.push(node)
  }
  walk(doc)
  return found
}

const NAME = /(?:^|[\s(,])(-{1,2}[A-Za-z0-9][\w-]*|<[^>]+>)/g

const flatten = (usage: Usage.Usage, optional: boolean, repeated: boolean): Array<UsageItem> => {
  switch (usage._tag) {
    case "Named": {
      const first = usage.names[0] ?? ""
      if (first.startsWith("-")) {
        const value = Option.getOrUndefined(usage.acceptedValues)
        // `Options.repeated` accepts zero occurrences: a repeatable flag is never required.
        return [{ _tag: "Flag", names: usage.names, value, optional: optional || repeated, repeated }]
      }
      if (first.startsWith("<")) return [{ _tag: "Positional", name: first, optional, repeated }]
      // The command's own name heads its usage.
      return []
    }
    case "Optional":
      return flatten(usage.usage, true, repeated)
    case "Repeated":
      return flatten(usage.usage, optional, true)
    case "Concat":
      return [...flatten(usage.left, optional, repeated), ...flatten(usage.right, optional, repeated)]
    case "Alternation": {
      const sides = [...flatten(usage.left, false, repeated), ...flatten(usage.right, false, repeated)]
      const flags = sides.flatMap((item) =>
        item._tag === "Flag" ? [item] : item._tag === "Alternatives" ? item.flags : []
      )
      return flags.length === sides.length ? [{ _tag: "Alternatives", flags, optional }] : sides
    }
    default:
      return []
  }
}

const CONFIG = CliConfig.make({ showBuiltIns: false })

const ownName = (descriptor: Descriptor.Command<unknown>): string => [...Descriptor.getNames(descriptor)][0] ?? ""

const specOf = (
  descriptor: Descriptor.Command<unknown>,
  parent: ReadonlyArray<string>,
  children: (path: ReadonlyArray<string>) => ReadonlyArray<CommandSpec>
): CommandSpec => {
  const path = [...parent, ownName(descriptor)]
  const doc = Descriptor.getHelp(descriptor, CONFIG)
  const found = sections(doc)
  const help = new Map<string, ReadonlyArray<string>>()
  for (const section of ["ARGUMENTS", "OPTIONS"]) {
    for (const [term, body] of (found.get(section) ?? []).flatMap(definitions)) {
      const paragraphs = helpDocText(body).flatMap((paragraph) => describe(paragraph) ?? [])
      for (const match of spanText(term).matchAll(NAME)) {
        const name = match[1]
        if (name !== undefined && !help.has(name)) help.set(name, paragraphs)
      }
    }
  }
  return {
    path,
    description: (found.get("DESCRIPTION") ?? []).flatMap(helpDocText),
    usage: flatten(Descriptor.getUsage(descriptor), false, false),
    help,
    children: children(path)
  }
}

/**
 * The spec of a command tree: `root` with `subcommands` in the order given (the help lists them so), each with its
 * own subcommands (`tags add`, `fields list`, …) in alphabetical order.
 */
export const commandSpec = (root: HasDescriptor, subcommands: ReadonlyArray<HasDescriptor>): CommandSpec =>
  specOf(root.descriptor, [], (rootPath) =>
    subcommands.map((command) =>
      specOf(command.descriptor, rootPath, (path) => {
        const self = path[path.length - 1]
        return HashMap.toEntries(Descriptor.getSubcommands(command.descriptor))
          .filter(([name]) => name !== self)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([, child]) => specOf(child, path, () => []))
      })
    )
  )

/** Every flag of `usage`, alternatives included. */
export const flagsOf = (usage: ReadonlyArray<UsageItem>): Array<Flag> =>
  usage.flatMap((item) => (item._tag === "Flag" ? [item] : item._tag === "Alternatives" ? item.flags : []))
