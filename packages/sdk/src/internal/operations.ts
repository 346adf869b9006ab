/**
 * Operation = builder → send → decode. Nothing here knows HTTP; nothing in `send` knows an operation's shape.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { type CallError, InvalidInputError, ResponseDecodeError, type ResponseMetadata } from "../ImageKitError.js"
import { decodeOptions } from "../Schemas.js"
import type { BuildResult, RequestSpec } from "./requests.js"
import type { Sender } from "./send.js"

export type Send = Sender

export type OperationError = InvalidInputError | CallError

/**
 * When `true`, operations skip their Schema and succeed with the body exactly as parsed from JSON (`undefined`
 * for an empty body). Set by `ImageKit.withRawBody` for callers that must hand back the server's bytes, such as
 * the Promise adapter, whose `imagekit@6` contract is the raw body. Off by default, so decoding is unchanged.
 */
export const currentRawBody: FiberRef.FiberRef<boolean> = FiberRef.unsafeMake(false)

// Undecoded mode returns the body as the operation's success value: only `ImageKit.withRawBody`, which types its
// result as `unknown`, turns the mode on, so no caller sees the body under the decoded type.
const bodyOr = <A>(body: unknown, orElse: () => Effect.Effect<A, ResponseDecodeError>) =>
  FiberRef.getWith(currentRawBody, (raw) => (raw ? Effect.succeed(body as A) : orElse()))

const toInvalidInput = (build: BuildResult): Effect.Effect<RequestSpec, InvalidInputError> =>
  Either.match(build, {
    onLeft: (invalid) => Effect.fail(new InvalidInputError({ message: invalid.message, help: invalid.help })),
    onRight: Effect.succeed
  })

const decode = <A, I>(
  schema: Schema.Schema<A, I>,
  body: unknown,
  metadata: ResponseMetadata
): Effect.Effect<A, ResponseDecodeError> =>
  Schema.decodeUnknown(
    schema,
    decodeOptions
  )(body).pipe(
    Effect.mapError(
      (error) =>
        new ResponseDecodeError({
          issues: ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
            path: issue.path.map(String),
            message: issue.message
          })),
          metadata
        })
    )
  )

/** An operation whose 2xx body is decoded with `schema`; an empty body counts as `{}`, as v6 did. */
export const decoded =
  (send: Send) =>
  <A, I>(build: () => BuildResult, schema: Schema.Schema<A, I>): Effect.Effect<A, OperationError> =>
    Effect.suspend(() => toInvalidInput(build())).pipe(
      Effect.flatMap(send),
      Effect.flatMap(({ body, metadata }) =>
        bodyOr(body, () => decode(schema, body === undefined ? {} : body, metadata))
      )
    )

/**
 * An operation with a second success shape for one status: upload answers 200 with the file, or 202 with only a
 * message when a pre-transformation is queued. Choosing by status keeps a malformed 200 a decode error.
 */
export const decodedWithAlternative =
  (send: Send) =>
  <A, IA, B, IB>(
    build: () => BuildResult,
    schema: Schema.Schema<A, IA>,
    alternative: { readonly status: number; readonly schema: Schema.Schema<B, IB> }
  ): Effect.Effect<A | B, OperationError> =>
    Effect.suspend(() => toInvalidInput(build())).pipe(
      Effect.flatMap(send),
      Effect.flatMap(
        ({ body, metadata }): Effect.Effect<A | B, ResponseDecodeError> =>
          bodyOr<A | B>(body, () => {
            const value = body === undefined ? {} : body
            return metadata.statusCode === alternative.status
              ? decode(alternative.schema, value, metadata)
              : decode(schema, value, metadata)
          })
      )
    )

/** An operation whose answer carries nothing to decode (the DELETE endpoints answer 204). */
export const unit =
  (send: Send) =>
  (build: () => BuildResult): Effect.Effect<void, OperationError> =>
    Effect.suspend(() => toInvalidInput(build())).pipe(
      Effect.flatMap(send),
      Effect.flatMap(({ body }) => bodyOr<void>(body, () => Effect.void))
    )
