/**
 * `@effect-imagekit/testing`: a fake ImageKit for tests (in-memory model, mock layer) and a loopback emulator.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Emulator from "./Emulator.js"

/**
 * @since 0.1.0
 */
export * as ImageKitTest from "./ImageKitTest.js"

/**
 * @since 0.1.0
 */
export * as FaultProxy from "./FaultProxy.js"
