/**
 * @effect-imagekit/cli: the `imagekit` executable (`dist/bin.js`, a self-contained bundle). Its commands so far:
 * `imagekit emulator` (see docs/testing.md) and `imagekit upload` (see docs/uploads.md); the other commands come
 * with a later issue. This module has no programmatic API yet.
 *
 * @since 0.1.0
 */
export {}
