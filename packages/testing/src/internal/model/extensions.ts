/**
 * Extensions on upload and file update (`extensions`), and the configurations saved extensions keep: each is checked
 * as the API's schema says (names, required fields, task types, vocabulary limits, custom metadata fields that must
 * exist, saved extensions that must exist). The emulator looks at no pixels, so it applies what it can know: the
 * auto-tagging extensions add AI tags made from the words of the file name, capped by `maxTags`; the others change
 * nothing. Every requested extension reports `success` in `extensionStatus`, and each run counts in usage.
 */
import type { ModelContext } from "./context.js"
import { badRequest } from "./errors.js"
import { isRecord } from "./input.js"
import type { AITag, JsonRecord, VersionRecord } from "./state.js"
import { recordExtensionRun } from "./usage.js"

export type ExtensionName =
  | "remove-bg"
  | "google-auto-tagging"
  | "aws-auto-tagging"
  | "ai-auto-description"
  | "ai-tasks"

const BASE_NAMES: ReadonlySet<string> = new Set([
  "remove-bg",
  "google-auto-tagging",
  "aws-auto-tagging",
  "ai-auto-description",
  "ai-tasks"
])

const invalid = (detail: string) =>
  badRequest("Your request contains invalid value for extensions parameter.", {
    help: `${detail} For support kindly contact us at support@imagekit.io.`
  })

const isStringList = (u: unknown): u is ReadonlyArray<string> =>
  Array.isArray(u) && u.every((item) => typeof item === "string")

const isScalar = (u: unknown): boolean => typeof u === "string" || typeof u === "number" || typeof u === "boolean"

const optionalBoolean = (record: JsonRecord, key: string, where: string): void => {
  if (record[key] !== undefined && typeof record[key] !== "boolean") throw invalid(`${where}.${key} must be a boolean.`)
}

const instruction = (task: JsonRecord, where: string): void => {
  const text = task.instruction
  if (typeof text !== "string" || text.length < 1 || text.length > 2000) {
    throw invalid(`${where}.instruction must be a string of 1 to 2000 characters.`)
  }
}

const selections = (task: JsonRecord, where: string): void => {
  const { min_selections: min, max_selections: max } = task
  if (min !== undefined && (typeof min !== "number" || !Number.isInteger(min) || min < 0)) {
    throw invalid(`${where}.min_selections must be an integer of at least 0.`)
  }
  if (max !== undefined && (typeof max !== "number" || !Number.isInteger(max) || max < 1)) {
    throw invalid(`${where}.max_selections must be an integer of at least 1.`)
  }
  if (typeof min === "number" && typeof max === "number" && min > max) {
    throw invalid(`${where}.min_selections cannot exceed max_selections.`)
  }
}

const fieldExists = (context: ModelContext, name: unknown, where: string): void => {
  if (typeof name !== "string" || !context.state.activeFields().some((field) => field.name === name)) {
    throw invalid(`${where} names the custom metadata field ${JSON.stringify(name)}, which does not exist.`)
  }
}

const action = (context: ModelContext, value: unknown, where: string): void => {
  if (value === undefined) return
  if (!isRecord(value)) throw invalid(`${where} must be an object.`)
  for (const key of ["add_tags", "remove_tags"]) {
    if (value[key] !== undefined && !isStringList(value[key]))
      throw invalid(`${where}.${key} must be a list of strings.`)
  }
  const set = value.set_metadata
  if (set !== undefined) {
    if (!Array.isArray(set)) throw invalid(`${where}.set_metadata must be a list.`)
    for (const [index, item] of set.entries()) {
      if (!isRecord(item) || item.value === undefined)
        throw invalid(`${where}.set_metadata[${index}] needs field and value.`)
      fieldExists(context, item.field, `${where}.set_metadata[${index}]`)
    }
  }
  const unset = value.unset_metadata
  if (unset !== undefined) {
    if (!Array.isArray(unset)) throw invalid(`${where}.unset_metadata must be a list.`)
    for (const [index, item] of unset.entries()) {
      if (!isRecord(item)) throw invalid(`${where}.unset_metadata[${index}] needs a field.`)
      fieldExists(context, item.field, `${where}.unset_metadata[${index}]`)
    }
  }
}

const task = (context: ModelContext, value: unknown, where: string): void => {
  if (!isRecord(value)) throw invalid(`${where} must be an object.`)
  instruction(value, where)
  switch (value.type) {
    case "select_tags": {
      const vocabulary = value.vocabulary
      if (vocabulary !== undefined) {
        if (!isStringList(vocabulary) || vocabulary.length < 1 || vocabulary.length > 30) {
          throw invalid(`${where}.vocabulary must be a list of 1 to 30 strings.`)
        }
        if (vocabulary.join("").length > 500)
          throw invalid(`${where}.vocabulary may hold at most 500 characters in all.`)
        if (vocabulary.some((word) => word.includes("%"))) throw invalid(`${where}.vocabulary cannot contain "%".`)
      }
      selections(value, where)
      return
    }
    case "select_metadata": {
      fieldExists(context, value.field, where)
      const vocabulary = value.vocabulary
      if (
        vocabulary !== undefined &&
        (!Array.isArray(vocabulary) || vocabulary.length < 1 || vocabulary.length > 30 || !vocabulary.every(isScalar))
      ) {
        throw invalid(`${where}.vocabulary must be a list of 1 to 30 strings, numbers or booleans.`)
      }
      selections(value, where)
      return
    }
    case "yes_no":
      for (const key of ["on_yes", "on_no", "on_unknown"]) action(context, value[key], `${where}.${key}`)
      return
    default:
      throw invalid(`${where}.type must be one of select_tags, select_metadata, yes_no.`)
  }
}

/** Checks one base extension (never a saved-extension reference) and returns its name. */
export const checkExtensionConfig = (context: ModelContext, value: unknown, where: string): ExtensionName => {
  if (!isRecord(value)) throw invalid(`${where} must be an object with a name.`)
  const name = value.name
  if (typeof name !== "string" || !BASE_NAMES.has(name)) {
    throw invalid(`${where}.name must be one of ${[...BASE_NAMES].join(", ")}.`)
  }
  switch (name) {
    case "remove-bg": {
      const options = value.options
      if (options === undefined) break
      if (!isRecord(options)) throw invalid(`${where}.options must be an object.`)
      optionalBoolean(options, "add_shadow", `${where}.options`)
      optionalBoolean(options, "semitransparency", `${where}.options`)
      for (const key of ["bg_color", "bg_image_url"]) {
        if (options[key] !== undefined && typeof options[key] !== "string")
          throw invalid(`${where}.options.${key} must be a string.`)
      }
      if (options.bg_color && options.bg_image_url)
        throw invalid(`${where}.options takes bg_color or bg_image_url, not both.`)
      break
    }
    case "google-auto-tagging":
    case "aws-auto-tagging": {
      const { minConfidence, maxTags } = value
      if (
        typeof minConfidence !== "number" ||
        !Number.isInteger(minConfidence) ||
        minConfidence < 0 ||
        minConfidence > 100
      ) {
        throw invalid(`${where}.minConfidence must be an integer from 0 to 100.`)
      }
      if (typeof maxTags !== "number" || !Number.isInteger(maxTags) || maxTags < 1) {
        throw invalid(`${where}.maxTags must be an integer of at least 1.`)
      }
      break
    }
    case "ai-tasks": {
      const tasks = value.tasks
      if (!Array.isArray(tasks) || tasks.length < 1 || tasks.length > 10) {
        throw invalid(`${where}.tasks must be a list of 1 to 10 tasks.`)
      }
      for (const [index, item] of tasks.entries()) task(context, item, `${where}.tasks[${index}]`)
      break
    }
  }
  return name as ExtensionName
}

/** An extension to run: the configuration itself, a saved one's resolved. */
export type Extension = JsonRecord & { readonly name: ExtensionName }

/** Checks an `extensions` value (a list, or its JSON text from a form) and resolves saved-extension references. */
export const parseExtensions = (context: ModelContext, input: unknown): ReadonlyArray<Extension> => {
  let value = input
  if (typeof input === "string") {
    try {
      value = JSON.parse(input)
    } catch {
      throw invalid("extensions must be a JSON list of extensions.")
    }
  }
  if (!Array.isArray(value)) throw invalid("extensions must be a list of extensions.")
  const resolved = value.map((item, index): Extension => {
    const where = `extensions[${index}]`
    if (isRecord(item) && item.name === "saved-extension") {
      const saved = typeof item.id === "string" ? context.state.savedExtensions.get(item.id) : undefined
      if (saved === undefined)
        throw invalid(`${where} names the saved extension ${JSON.stringify(item.id)}, which does not exist.`)
      return saved.config as Extension
    }
    checkExtensionConfig(context, item, where)
    return item as Extension
  })
  const names = resolved.map((extension) => extension.name)
  const repeated = names.find((name, index) => names.indexOf(name) !== index)
  if (repeated !== undefined) throw invalid(`${repeated} is requested twice.`)
  return resolved
}

/** AI tags from the words of a file name ("red-summer_dress.jpg" → red, summer, dress), as a tagger might see it. */
const nameTags = (fileName: string, source: string, maxTags: number): ReadonlyArray<AITag> => {
  const stem = fileName.replace(/\.[^.]*$/, "")
  const words = [...new Set(stem.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 1 && !/^\d+$/.test(word)))]
  return words.slice(0, maxTags).map((word) => ({ name: word.toLowerCase(), confidence: 95, source }))
}

/** Runs `extensions` on `version` of a file named `fileName`; the answer's `extensionStatus`. */
export const runExtensions = (
  context: ModelContext,
  extensions: ReadonlyArray<Extension>,
  version: VersionRecord,
  fileName: string
): Readonly<Record<string, "success">> => {
  const status: Record<string, "success"> = {}
  for (const extension of extensions) {
    status[extension.name] = "success"
    recordExtensionRun(context, extension.name)
    if (extension.name !== "google-auto-tagging" && extension.name !== "aws-auto-tagging") continue
    const minConfidence = typeof extension.minConfidence === "number" ? extension.minConfidence : 0
    const maxTags = typeof extension.maxTags === "number" ? extension.maxTags : 10
    const found = nameTags(fileName, extension.name, maxTags).filter((tag) => tag.confidence >= minConfidence)
    const kept = (version.AITags ?? []).filter((tag) => !found.some((other) => other.name === tag.name))
    const merged = [...kept, ...found]
    version.AITags = merged.length === 0 ? version.AITags : merged
  }
  return status
}
