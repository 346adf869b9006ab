/**
 * `@effect-imagekit/core`: the pure, dependency-free half of effect-imagekit. Import a module by its own
 * entry (`@effect-imagekit/core/Url`) to keep bundles small; this barrel is for convenience.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as PHash from "./PHash.js"

/**
 * @since 0.1.0
 */
export * as Signing from "./Signing.js"

/**
 * @since 0.1.0
 */
export * as Transformation from "./Transformation.js"

/**
 * @since 0.1.0
 */
export * as Url from "./Url.js"

/**
 * @since 0.1.0
 */
export * as Webhook from "./Webhook.js"
