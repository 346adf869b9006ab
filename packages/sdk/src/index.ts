/**
 * `@effect-imagekit/sdk`: the Effect-native ImageKit.io client.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as ImageKit from "./ImageKit.js"

/**
 * @since 0.1.0
 */
export * as ImageKitConfig from "./ImageKitConfig.js"

/**
 * @since 0.1.0
 */
export * as ImageKitError from "./ImageKitError.js"

/**
 * @since 0.1.0
 */
export * as ImageKitRequest from "./ImageKitRequest.js"

/**
 * @since 0.1.0
 */
export * as NodeHttpClient from "./NodeHttpClient.js"

/**
 * @since 0.1.0
 */
export * as PHash from "./PHash.js"

/**
 * The requests of the operations newer than `imagekit@6`, built and checked without sending.
 *
 * @since 0.1.0
 */
export * as Requests from "./Requests.js"

/**
 * @since 0.1.0
 */
export * as Schemas from "./Schemas.js"

/**
 * Pure URL building from `@effect-imagekit/core` (no Effect needed).
 *
 * @since 0.1.0
 */
export * as Url from "@effect-imagekit/core/Url"

/**
 * The typed transformation model from `@effect-imagekit/core`.
 *
 * @since 0.1.0
 */
export * as Transformation from "@effect-imagekit/core/Transformation"

/**
 * @since 0.1.0
 */
export * as Webhook from "./Webhook.js"

/**
 * Upload sources (`fromPath`), progress and batch results.
 *
 * @since 0.1.0
 */
export * as Upload from "./Upload.js"
