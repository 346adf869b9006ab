/**
 * @effect-imagekit/promise: filled by a later issue (see the project's issue list). The package builds and
 * publishes an empty module so that the workspace, its exports and its type checks are in place.
 *
 * @since 0.1.0
 */
export {}
