/**
 * Extensions as the upload and update APIs take them (`extensions`), and the configurations saved extensions keep:
 * one Schema per extension, with the limits of ImageKit's API reference (`Extensions`, `ExtensionConfig`,
 * `AITasksExtension`…), so a misspelled name or a missing field is an `InvalidInputError` before anything is sent.
 */
import * as Schema from "effect/Schema"
import { byTag, checkedData, Flag, NonEmptyString, Text } from "./common.js"
import { expected } from "./input.js"

/** `remove-bg`: removes the background; a colour or an image may replace it (one of them). */
export interface RemoveBgExtension {
  readonly name: "remove-bg"
  readonly options?:
    | {
        readonly add_shadow?: boolean | undefined
        readonly semitransparency?: boolean | undefined
        readonly bg_color?: string | undefined
        readonly bg_image_url?: string | undefined
      }
    | undefined
}

/** `google-auto-tagging` / `aws-auto-tagging`: AI tags of at least `minConfidence` (0–100), at most `maxTags`. */
export interface AutoTaggingExtension {
  readonly name: "google-auto-tagging" | "aws-auto-tagging"
  readonly minConfidence: number
  readonly maxTags: number
}

/** `ai-auto-description`: sets the file's `description`. */
export interface AutoDescriptionExtension {
  readonly name: "ai-auto-description"
}

/** What a `yes_no` task does for an answer: tags to add or remove, custom metadata to set or unset. */
export interface AITaskAction {
  readonly add_tags?: ReadonlyArray<string> | undefined
  readonly remove_tags?: ReadonlyArray<string> | undefined
  readonly set_metadata?:
    | ReadonlyArray<{
        readonly field: string
        readonly value: string | number | boolean | ReadonlyArray<string | number | boolean>
      }>
    | undefined
  readonly unset_metadata?: ReadonlyArray<{ readonly field: string }> | undefined
}

/** One task of `ai-tasks`. */
export type AITask =
  | {
      readonly type: "select_tags"
      readonly instruction: string
      readonly vocabulary?: ReadonlyArray<string> | undefined
      readonly min_selections?: number | undefined
      readonly max_selections?: number | undefined
    }
  | {
      readonly type: "select_metadata"
      readonly instruction: string
      readonly field: string
      readonly vocabulary?: ReadonlyArray<string | number | boolean> | undefined
      readonly min_selections?: number | undefined
      readonly max_selections?: number | undefined
    }
  | {
      readonly type: "yes_no"
      readonly instruction: string
      readonly on_yes?: AITaskAction | undefined
      readonly on_no?: AITaskAction | undefined
      readonly on_unknown?: AITaskAction | undefined
    }

/** `ai-tasks`: 1 to 10 questions an AI model answers about the image, with what to do with the answers. */
export interface AITasksExtension {
  readonly name: "ai-tasks"
  readonly tasks: ReadonlyArray<AITask>
}

/** A saved extension applied by id (see `createSavedExtension`). */
export interface SavedExtensionReference {
  readonly name: "saved-extension"
  readonly id: string
}

/** An extension a saved extension keeps: any extension but a reference to another saved one. */
export type ExtensionConfig = RemoveBgExtension | AutoTaggingExtension | AutoDescriptionExtension | AITasksExtension

/** An extension to run on upload or update. */
export type Extension = ExtensionConfig | SavedExtensionReference

const Scalar = Schema.Union(Schema.String, Schema.Number.pipe(Schema.finite()), Schema.Boolean).annotations(
  expected("a string, a finite number or a boolean")
)
const Count = (minimum: number) =>
  Schema.Int.pipe(Schema.greaterThanOrEqualTo(minimum)).annotations(expected(`an integer of at least ${minimum}`))
const Instruction = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(2000)).annotations(
  expected("an instruction of 1 to 2000 characters")
)
const Strings = Schema.Array(Text).annotations(expected("an array of strings", "container"))

const RemoveBg = Schema.Struct({
  name: Schema.Literal("remove-bg"),
  options: Schema.optional(
    Schema.Struct({
      add_shadow: Schema.optional(Flag),
      semitransparency: Schema.optional(Flag),
      bg_color: Schema.optional(Text),
      bg_image_url: Schema.optional(Text)
    })
      .pipe(Schema.filter((options) => !(options.bg_color && options.bg_image_url)))
      .annotations(expected("{ add_shadow?, semitransparency?, bg_color? or bg_image_url? }", "container"))
  )
})

const AutoTagging = Schema.Struct({
  name: Schema.Literal("google-auto-tagging", "aws-auto-tagging"),
  minConfidence: Schema.Int.pipe(Schema.between(0, 100)).annotations(expected("an integer from 0 to 100")),
  maxTags: Count(1)
})

const AutoDescription = Schema.Struct({ name: Schema.Literal("ai-auto-description") })

const selectionLimits = <
  A extends { readonly min_selections?: number | undefined; readonly max_selections?: number | undefined }
>(
  task: A
): boolean =>
  task.min_selections === undefined || task.max_selections === undefined || task.min_selections <= task.max_selections

const Action = Schema.Struct({
  add_tags: Schema.optional(Strings),
  remove_tags: Schema.optional(Strings),
  set_metadata: Schema.optional(
    Schema.Array(
      Schema.Struct({
        field: NonEmptyString,
        value: Schema.Union(Scalar, Schema.Array(Scalar)).annotations(
          expected("a string, number or boolean, or an array of them")
        )
      })
    ).annotations(expected("an array of { field, value }", "container"))
  ),
  unset_metadata: Schema.optional(
    Schema.Array(Schema.Struct({ field: NonEmptyString })).annotations(expected("an array of { field }", "container"))
  )
}).annotations(expected("{ add_tags?, remove_tags?, set_metadata?, unset_metadata? }", "container"))

const SelectTags = Schema.Struct({
  type: Schema.Literal("select_tags"),
  instruction: Instruction,
  vocabulary: Schema.optional(
    Schema.Array(Text.pipe(Schema.filter((word) => !word.includes("%"))))
      .pipe(
        Schema.minItems(1),
        Schema.maxItems(30),
        Schema.filter((words) => words.join("").length <= 500)
      )
      .annotations(expected('1 to 30 words without "%", 500 characters in all', "container"))
  ),
  min_selections: Schema.optional(Count(0)),
  max_selections: Schema.optional(Count(1))
}).pipe(Schema.filter(selectionLimits, { message: () => "min_selections cannot exceed max_selections" }))

const SelectMetadata = Schema.Struct({
  type: Schema.Literal("select_metadata"),
  instruction: Instruction,
  field: NonEmptyString,
  vocabulary: Schema.optional(
    Schema.Array(Scalar)
      .pipe(Schema.minItems(1), Schema.maxItems(30))
      .annotations(expected("1 to 30 strings, numbers or booleans", "container"))
  ),
  min_selections: Schema.optional(Count(0)),
  max_selections: Schema.optional(Count(1))
}).pipe(Schema.filter(selectionLimits, { message: () => "min_selections cannot exceed max_selections" }))

const YesNo = Schema.Struct({
  type: Schema.Literal("yes_no"),
  instruction: Instruction,
  on_yes: Schema.optional(Action),
  on_no: Schema.optional(Action),
  on_unknown: Schema.optional(Action)
})

const Task = byTag(
  "type",
  { select_tags: SelectTags, select_metadata: SelectMetadata, yes_no: YesNo },
  "select_tags, select_metadata or yes_no"
)

const AITasks = Schema.Struct({
  name: Schema.Literal("ai-tasks"),
  tasks: Schema.Array(Task)
    .pipe(Schema.minItems(1), Schema.maxItems(10))
    .annotations(expected("an array of 1 to 10 tasks", "container"))
})

const Reference = Schema.Struct({ name: Schema.Literal("saved-extension"), id: NonEmptyString })

const NAMES = "remove-bg, google-auto-tagging, aws-auto-tagging, ai-auto-description, ai-tasks"

const configs = {
  "remove-bg": RemoveBg,
  "google-auto-tagging": AutoTagging,
  "aws-auto-tagging": AutoTagging,
  "ai-auto-description": AutoDescription,
  "ai-tasks": AITasks
}

/** A configuration a saved extension keeps. */
export const ExtensionConfigSchema = byTag("name", configs, `one of ${NAMES}`)

/** One extension of `extensions`. */
export const ExtensionSchema = byTag(
  "name",
  { ...configs, "saved-extension": Reference },
  `one of ${NAMES}, saved-extension`
)

export const ExtensionsSchema = Schema.Array(ExtensionSchema).annotations(
  expected("an array of extensions", "container")
)

/** `extensions` of upload and update: checked, then sent as the caller wrote them (an option added later included). */
export const Extensions = checkedData(ExtensionsSchema)

/** A saved extension's `config`, checked the same way. */
export const ExtensionConfigData = checkedData(ExtensionConfigSchema)
