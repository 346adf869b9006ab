/**
 * The one redaction step everything leaving the client passes through. Our own errors are built from copied, safe
 * fields; what is not ours is a defect, and a defect may hold anything: a caller's `HttpClient` that dies with the
 * request in hand carries the `Authorization` header (base64 of the private key) into `Cause.pretty`,
 * `JSON.stringify` and `util.inspect`. A defect is therefore replaced by a plain `Error` with its name and message,
 * every secret in them masked, and nothing else.
 */
import * as Cause from "effect/Cause"

const MASK = "<redacted>"

/** Replaces every occurrence of each secret (longest first, so a secret inside another is not left half-masked). */
export const maskSecrets = (text: string, secrets: ReadonlyArray<string>): string => {
  let masked = text
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) masked = masked.split(secret).join(MASK)
  }
  return masked
}

const describe = (defect: unknown): { readonly name: string; readonly message: string } => {
  try {
    if (defect instanceof Error) return { name: defect.name, message: defect.message }
    return { name: "Error", message: typeof defect === "string" ? defect : (JSON.stringify(defect) ?? String(defect)) }
  } catch {
    return { name: "Error", message: "a defect that cannot be described" }
  }
}

/** A safe stand-in for a defect: its name and message, secrets masked; no stack of the original, no references. */
export class RedactedDefect extends Error {
  constructor(name: string, message: string) {
    super(message)
    this.name = name === "Error" ? "RedactedDefect" : `${name} (redacted)`
  }
}

/** The cause with every defect replaced by a {@link RedactedDefect}; failures and interruptions kept as they are. */
export const redactCause = <E>(cause: Cause.Cause<E>, secrets: ReadonlyArray<string>): Cause.Cause<E> => {
  if (!Cause.isDie(cause)) return cause
  return Cause.match(cause, {
    onEmpty: Cause.empty,
    onFail: (error) => Cause.fail(error),
    onDie: (defect) => {
      const { name, message } = describe(defect)
      return Cause.die(new RedactedDefect(maskSecrets(name, secrets), maskSecrets(message, secrets)))
    },
    onInterrupt: (fiberId) => Cause.interrupt(fiberId),
    onSequential: (left, right) => Cause.sequential(left, right),
    onParallel: (left, right) => Cause.parallel(left, right)
  })
}
