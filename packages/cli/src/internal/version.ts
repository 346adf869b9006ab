declare const IMAGEKIT_CLI_VERSION: string | undefined

/** Replaced by the bundler with the package version; the fallback covers unbundled runs (tests of the sources). */
export const version = typeof IMAGEKIT_CLI_VERSION === "string" ? IMAGEKIT_CLI_VERSION : "0.0.0-dev"
