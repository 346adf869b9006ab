/**
 * What `imagekit emulator` prints once it listens: where it is, the keys, and the environment variables that point
 * the SDK (`ImageKitConfig.layerConfig`) at it. Keys the user passed are not echoed: only the built-in test keys,
 * which are public anyway, are printed in full.
 */

export interface BannerInfo {
  readonly url: string
  readonly urlEndpoint: string
  readonly publicKey: string
  /** The key when it is the built-in test key; `undefined` when the user gave one (it stays unprinted). */
  readonly printablePrivateKey: string | undefined
  readonly dataDir: string | undefined
  readonly webhookUrl: string | undefined
  readonly rateLimits: ReadonlyArray<string>
  readonly faults: ReadonlyArray<string>
}

const row = (label: string, value: string) => `  ${label.padEnd(16)}${value}`

/** POSIX shell quoting, only where needed, so the export lines can be pasted as they are. */
const shell = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`)

export const banner = (info: BannerInfo): string => {
  const privateKey = info.printablePrivateKey ?? "(the key you passed; not shown)"
  const lines = [
    `ImageKit emulator listening on ${info.url}`,
    "",
    row("API/upload URL", info.url),
    row("URL endpoint", info.urlEndpoint),
    row("Public key", info.publicKey),
    row("Private key", privateKey),
    row("Data dir", info.dataDir ?? "none (memory only)"),
    row("Webhooks", info.webhookUrl ?? "none"),
    ...(info.rateLimits.length === 0 ? [] : [row("Rate limits", info.rateLimits.join(", "))]),
    ...(info.faults.length === 0 ? [] : [row("Faults", info.faults.join(", "))]),
    "",
    "Point the SDK at it:",
    `  export IMAGEKIT_PUBLIC_KEY=${shell(info.publicKey)}`,
    info.printablePrivateKey === undefined
      ? "  export IMAGEKIT_PRIVATE_KEY=<the private key you passed>"
      : `  export IMAGEKIT_PRIVATE_KEY=${shell(info.printablePrivateKey)}`,
    `  export IMAGEKIT_URL_ENDPOINT=${shell(info.urlEndpoint)}`,
    `  export IMAGEKIT_API_BASE_URL=${shell(info.url)}`,
    `  export IMAGEKIT_UPLOAD_BASE_URL=${shell(info.url)}`,
    "",
    "Press Ctrl+C to stop."
  ]
  return lines.join("\n")
}
