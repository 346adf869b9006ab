/**
 * Operation = request builder → `execute` → decode. Nothing here knows HTTP; nothing in the sender knows an
 * operation's shape.
 *
 * Each operation names the status errors it can fail with beyond the common ones (ImageKit's OpenAPI description
 * lists 404 and 409 per path). An answer with another of those statuses still fails, as an `ApiError` with that
 * status, so the error type an operation declares is the whole truth.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import type { CommonError } from "../ImageKit.js"
import {
  ApiError,
  type CallError,
  type ConflictError,
  type InvalidInputError,
  type NotFoundError,
  ResponseDecodeError,
  type ResponseMetadata
} from "../ImageKitError.js"
import type * as ImageKitRequest from "../ImageKitRequest.js"
import { decodeAnswer } from "./compiledDecoding.js"
import type { CallOptions, Sender } from "./send.js"

/** The sender (`send.ts`): one request and its call options in, the raw answer out. */
export type Execute = Sender

export type Build = () => Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

/** The status errors an operation may declare; every other one is common to all operations. */
export type SpecificError = NotFoundError | ConflictError

export type SpecificTag = SpecificError["_tag"]

/** The errors of an operation that declares the status errors tagged `Tags`. */
export type Failure<Tags extends SpecificTag> = InvalidInputError | CommonError | Extract<SpecificError, { _tag: Tags }>

const isDeclared = <Tags extends SpecificTag>(
  declared: ReadonlyArray<Tags>,
  error: SpecificError
): error is Extract<SpecificError, { _tag: Tags }> => (declared as ReadonlyArray<SpecificTag>).includes(error._tag)

/** A status error the operation does not declare becomes the `ApiError` it would be without a class of its own. */
const narrow =
  <Tags extends SpecificTag>(declared: ReadonlyArray<Tags>) =>
  (error: CallError): CommonError | Extract<SpecificError, { _tag: Tags }> => {
    switch (error._tag) {
      case "NotFoundError":
      case "ConflictError":
        return isDeclared(declared, error)
          ? error
          : new ApiError({
              status: error.status,
              message: error.message,
              help: error.help,
              body: error.body,
              metadata: error.metadata
            })
      default:
        return error
    }
  }

const decode = <A, I>(
  schema: Schema.Schema<A, I>,
  body: unknown,
  metadata: ResponseMetadata
): Effect.Effect<A, ResponseDecodeError> =>
  Either.match(decodeAnswer(schema)(body), {
    onLeft: (error) =>
      Effect.fail(
        new ResponseDecodeError({
          issues: ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
            path: issue.path.map(String),
            message: issue.message
          })),
          metadata
        })
      ),
    onRight: Effect.succeed
  })

/** Builds the request when the effect runs (never when the operation is called), then sends it. */
const send = <Tags extends SpecificTag>(
  execute: Execute,
  build: Build,
  declared: ReadonlyArray<Tags>,
  options?: CallOptions
): Effect.Effect<ImageKitRequest.RawAnswer, Failure<Tags>> =>
  Effect.suspend((): Effect.Effect<ImageKitRequest.RawAnswer, Failure<Tags>> => {
    const built = build()
    return Either.isLeft(built)
      ? Effect.fail(built.left)
      : Effect.mapError(execute(built.right, options), narrow(declared))
  })

/**
 * An operation whose 2xx body is decoded with `schema`; an empty body counts as `{}`. An upload with a queued
 * pre-transformation answers 202 with only a message: `accepted` decodes that one.
 */
export const decoded =
  (execute: Execute) =>
  <A, I, Tags extends SpecificTag>(
    build: Build,
    schema: Schema.Schema<A, I>,
    declared: ReadonlyArray<Tags>,
    options?: CallOptions
  ): Effect.Effect<A, Failure<Tags>> =>
    Effect.flatMap(send(execute, build, declared, options), ({ body, metadata }) =>
      decode(schema, body === undefined ? {} : body, metadata)
    )

/**
 * An operation with a second success shape for one status: upload answers 200 with the file, or 202 with only a
 * message when a pre-transformation is queued. Choosing by status keeps a malformed 200 a decode error.
 */
export const decodedWithAlternative =
  (execute: Execute) =>
  <A, IA, B, IB>(
    build: Build,
    schema: Schema.Schema<A, IA>,
    alternative: { readonly status: number; readonly schema: Schema.Schema<B, IB> },
    options?: CallOptions
  ): Effect.Effect<A | B, Failure<never>> =>
    Effect.flatMap(
      send(execute, build, [], options),
      ({ body, metadata }): Effect.Effect<A | B, ResponseDecodeError> => {
        const value = body === undefined ? {} : body
        return metadata.statusCode === alternative.status
          ? decode(alternative.schema, value, metadata)
          : decode(schema, value, metadata)
      }
    )

/** An operation whose answer carries nothing to decode (the DELETE endpoints answer 204). */
export const unit =
  (execute: Execute) =>
  <Tags extends SpecificTag>(build: Build, declared: ReadonlyArray<Tags>): Effect.Effect<void, Failure<Tags>> =>
    Effect.asVoid(send(execute, build, declared))

/** An operation without arguments: its request is fixed, so it cannot fail with `InvalidInputError`. */
export const decodedFixed =
  (execute: Execute) =>
  <A, I>(request: ImageKitRequest.ImageKitRequest, schema: Schema.Schema<A, I>): Effect.Effect<A, CommonError> =>
    Effect.flatMap(
      Effect.mapError(
        Effect.suspend(() => execute(request)),
        narrow([])
      ),
      ({ body, metadata }) => decode(schema, body === undefined ? {} : body, metadata)
    )
