/**
 * The Effect-native ImageKit.io client.
 *
 * The client itself arrives with the "Effect client" issue; until then this package re-exports the pure
 * modules of `@effect-imagekit/core` so that applications can depend on one package from day one.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Url from "@effect-imagekit/core/Url"

/**
 * @since 0.1.0
 */
export * as Transformation from "@effect-imagekit/core/Transformation"

/**
 * @since 0.1.0
 */
export * as Signing from "@effect-imagekit/core/Signing"

/**
 * @since 0.1.0
 */
export * as PHash from "@effect-imagekit/core/PHash"

/**
 * @since 0.1.0
 */
export * as Webhook from "@effect-imagekit/core/Webhook"
