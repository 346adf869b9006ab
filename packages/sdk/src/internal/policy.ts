/**
 * Per-call overrides (`ImageKit.withRetry`, `ImageKit.withTimeout`) and the response-metadata capture of
 * `ImageKit.withResponseMetadata`, as FiberRefs. Made with `globalValue`, so that the ESM and CJS builds of this
 * package, loaded side by side in one process, share one FiberRef each instead of ignoring each other's settings.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import { globalValue } from "effect/GlobalValue"
import * as Option from "effect/Option"
import type { RetryPolicy } from "../ImageKitConfig.js"
import type { ResponseMetadata } from "../ImageKitError.js"

/**
 * Metadata of the last response this fiber received, read by `withResponseMetadata`; `undefined` outside it. Setting
 * a FiberRef compares the old and new values structurally (hashing every header), so calls only record their
 * metadata when someone will read it (decision 0007).
 */
export const currentResponseMetadata: FiberRef.FiberRef<Option.Option<ResponseMetadata> | undefined> = globalValue(
  Symbol.for("@effect-imagekit/sdk/currentResponseMetadata"),
  () => FiberRef.unsafeMake<Option.Option<ResponseMetadata> | undefined>(undefined)
)

export const currentRetryPolicy: FiberRef.FiberRef<Option.Option<RetryPolicy>> = globalValue(
  Symbol.for("@effect-imagekit/sdk/currentRetryPolicy"),
  () => FiberRef.unsafeMake<Option.Option<RetryPolicy>>(Option.none())
)

export const currentTimeout: FiberRef.FiberRef<Option.Option<Duration.Duration>> = globalValue(
  Symbol.for("@effect-imagekit/sdk/currentTimeout"),
  () => FiberRef.unsafeMake<Option.Option<Duration.Duration>>(Option.none())
)

export const withRetry: {
  (policy: RetryPolicy): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, policy: RetryPolicy): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, policy: RetryPolicy): Effect.Effect<A, E, R> =>
    Effect.locally(self, currentRetryPolicy, Option.some(policy))
)

export const withTimeout: {
  (timeout: Duration.DurationInput): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, timeout: Duration.DurationInput): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, timeout: Duration.DurationInput): Effect.Effect<A, E, R> =>
    Effect.locally(self, currentTimeout, Option.some(Duration.decode(timeout)))
)

export const withResponseMetadata = <A, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<readonly [A, Option.Option<ResponseMetadata>], E, R> =>
  Effect.flatMap(self, (value) =>
    Effect.map(FiberRef.get(currentResponseMetadata), (metadata) => [value, metadata ?? Option.none()] as const)
  ).pipe(Effect.locally(currentResponseMetadata, Option.none()))
