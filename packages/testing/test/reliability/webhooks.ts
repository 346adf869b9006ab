/**
 * Run (g): webhook verification fuzzed for fail-open. Genuine deliveries are signed here with `node:crypto` (both
 * schemes: Standard Webhooks and the legacy `x-ik-signature`), then mutated: signatures, timestamps, ids, header bags,
 * bodies (bytes, Unicode normalisation, re-serialised JSON, parsed objects), secrets and options. Every input goes to
 * `@effect-imagekit/core/Webhook` and to the SDK's `Webhook` module.
 *
 * The oracle does not guess what the verifier should say; it checks what it did say. An accepted delivery is fail-open
 * unless the exact message it accepted (id, timestamp, body bytes) was signed here with the key the given secret
 * stands for, its timestamp lies within the tolerance in force, and the event returned is the body it was given. So a
 * harmless variation that still carries a genuine signature (an upper-case header name, a second `v1` entry) may be
 * accepted, and a forgery, a replay outside the window or a body swap may not.
 */
import { createHash, createHmac } from "node:crypto"
import { isDeepStrictEqual } from "node:util"
import * as CoreWebhook from "@effect-imagekit/core/Webhook"
import { ImageKitError, Webhook as SdkWebhook } from "@effect-imagekit/sdk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { between, count, type Figure, type Random, random, type RunReport } from "./setup.js"
import type { Witness } from "./witness.js"

export interface WebhookRunOptions {
  readonly count: number
  readonly seed: number
  readonly witness: Witness
  /**
   * `"accept-everything"` replaces the library with a stand-in that accepts every input, to show that the oracle
   * flags what it should (a harness that passes a fail-open verifier proves nothing).
   */
  readonly verifiers?: "library" | "accept-everything" | undefined
}

/** The clock every verification runs on, in ms. */
const NOW = 1_765_000_000_000
const NOW_SECONDS = NOW / 1000

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex")
const hmac = (key: Uint8Array, parts: ReadonlyArray<Uint8Array>): Buffer => {
  const mac = createHmac("sha256", key)
  for (const part of parts) mac.update(part)
  return mac.digest()
}

type Scheme = "standard" | "legacy"

interface Genuine {
  readonly scheme: Scheme
  readonly id: string
  /** Seconds (standard) or ms (legacy), as signed. */
  readonly stamp: number
  readonly body: string
  readonly signature: string
}

interface Case {
  readonly category: string
  readonly scheme: Scheme
  readonly body: unknown
  /** The header bag (standard, and legacy through `verify`). */
  readonly headers: unknown
  /** The `x-ik-signature` value given to `verifySignature` (legacy). */
  readonly signatureHeader: unknown
  readonly secret: unknown
  readonly options: unknown
}

const UNICODE = [
  "café",
  "cafe\u0301",
  "日本語",
  "🎉🎊",
  "\u202Eevil",
  "Å",
  "\u212B",
  "zero\u200Bwidth",
  "ﬁ",
  "\uFEFFbom"
]

const bodyFor = (next: Random, id: string): string => {
  const event = {
    type: ["video.transformation.ready", "upload.pre-transform.success", "file.created"][between(next, 0, 2)],
    id,
    created_at: new Date(NOW - between(next, 0, 100_000)).toISOString(),
    data: {
      note: UNICODE[between(next, 0, UNICODE.length - 1)],
      size: between(next, 0, 10_000_000),
      tags: Array.from({ length: between(next, 0, 3) }, () => UNICODE[between(next, 0, UNICODE.length - 1)])
    }
  }
  return next() < 0.5 ? JSON.stringify(event) : JSON.stringify(event, null, 2)
}

export const webhookRun = (options: WebhookRunOptions): Effect.Effect<RunReport> =>
  Effect.sync(() => {
    const started = performance.now()
    const next = random(options.seed)
    const secret = `whsec_${Buffer.from(Array.from({ length: 24 }, () => between(next, 0, 255))).toString("base64")}`
    const otherSecret = `whsec_${Buffer.from(Array.from({ length: 24 }, () => between(next, 0, 255))).toString("base64")}`
    const key = utf8(secret)
    const signed = new Set<string>()
    const signedKey = (scheme: Scheme, keyBytes: Uint8Array, id: string, stamp: number, body: Uint8Array) =>
      `${scheme}|${Buffer.from(keyBytes).toString("hex")}|${id}|${stamp}|${sha256(body)}`

    const signStandard = (keyBytes: Uint8Array, id: string, seconds: number, body: string, record = true) => {
      if (record) signed.add(signedKey("standard", keyBytes, id, seconds, utf8(body)))
      return `v1,${hmac(keyBytes, [utf8(`${id}.${seconds}.`), utf8(body)]).toString("base64")}`
    }
    const signLegacy = (keyBytes: Uint8Array, ms: number, body: string, record = true) => {
      if (record) signed.add(signedKey("legacy", keyBytes, "", ms, utf8(body)))
      return hmac(keyBytes, [utf8(`${ms}.`), utf8(body)]).toString("hex")
    }

    const genuine = (scheme: Scheme, stamp?: number): Genuine => {
      const id = `msg_${Buffer.from(Array.from({ length: 9 }, () => between(next, 0, 255))).toString("base64url")}`
      const body = bodyFor(next, id)
      if (scheme === "standard") {
        const seconds = stamp ?? NOW_SECONDS - between(next, -200, 200)
        return { scheme, id, stamp: seconds, body, signature: signStandard(key, id, seconds, body) }
      }
      const ms = stamp ?? NOW - between(next, -200_000, 200_000)
      return { scheme, id, stamp: ms, body, signature: signLegacy(key, ms, body) }
    }

    const standardHeaders = (delivery: Genuine, changes: Record<string, unknown> = {}): Record<string, unknown> => ({
      "webhook-id": delivery.id,
      "webhook-timestamp": String(delivery.stamp),
      "webhook-signature": delivery.signature,
      ...changes
    })
    const legacyHeader = (delivery: Genuine) => `t=${delivery.stamp},v1=${delivery.signature}`

    const flip = (text: string): string => {
      const at = between(next, 0, Math.max(0, text.length - 1))
      const char = text.charAt(at)
      const swapped = char === "A" ? "B" : char === "0" ? "1" : char === "a" ? "b" : "A"
      return text.slice(0, at) + swapped + text.slice(at + 1)
    }
    const sigValue = (signature: string) => signature.slice(3)

    const base = { options: { now: () => NOW } } as const
    const standardCase = (category: string, delivery: Genuine, change: Partial<Case> = {}): Case => ({
      category,
      scheme: "standard",
      body: delivery.body,
      headers: standardHeaders(delivery),
      signatureHeader: undefined,
      secret,
      ...base,
      ...change
    })
    const legacyCase = (category: string, delivery: Genuine, change: Partial<Case> = {}): Case => {
      const header = change.signatureHeader ?? legacyHeader(delivery)
      return {
        category,
        scheme: "legacy",
        body: delivery.body,
        headers: { "x-ik-signature": header },
        signatureHeader: header,
        secret,
        ...base,
        ...change,
        ...(change.signatureHeader === undefined ? {} : { headers: { "x-ik-signature": change.signatureHeader } })
      }
    }

    const bodyMutations: ReadonlyArray<readonly [string, (body: string) => unknown]> = [
      ["body: trailing space", (body) => `${body} `],
      ["body: BOM in front", (body) => `\uFEFF${body}`],
      ["body: re-serialised JSON", (body) => JSON.stringify(JSON.parse(body), null, body.includes("\n") ? 0 : 1)],
      [
        "body: NFC/NFD normalised",
        (body) => (body.normalize("NFD") === body ? body.normalize("NFC") : body.normalize("NFD"))
      ],
      ["body: one character changed", flip],
      ["body: last character dropped", (body) => body.slice(0, -1)],
      ["body: twice", (body) => body + body],
      ["body: Latin-1 bytes", (body) => Uint8Array.from(Buffer.from(body, "latin1"))],
      ["body: parsed object", (body) => JSON.parse(body)],
      ["body: UTF-16 array", (body) => Uint16Array.from(Buffer.from(body, "utf8"))],
      ["body: null", () => null]
    ]
    const timestampForms = (seconds: number): ReadonlyArray<string> => [
      ` ${seconds}`,
      `${seconds} `,
      `+${seconds}`,
      `${seconds}.0`,
      `${seconds / 1e9}e9`,
      `0x${seconds.toString(16)}`,
      String(seconds).replace(/[0-9]/g, (digit) => String.fromCharCode(0xff10 + Number(digit))),
      String(seconds).replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit))),
      `-${seconds}`,
      "",
      "9".repeat(30),
      "NaN",
      "Infinity",
      `${seconds}\r\nwebhook-id: x`
    ]

    const throwingGetterBag = (delivery: Genuine) =>
      Object.defineProperty(standardHeaders(delivery), "webhook-signature", {
        enumerable: true,
        get: () => {
          throw new Error("header getter")
        }
      })
    const throwingProxy = (delivery: Genuine) =>
      new Proxy(standardHeaders(delivery), {
        ownKeys: () => {
          throw new Error("ownKeys")
        }
      })

    // Each generator makes one input of its category; they are taken in turn.
    const generators: ReadonlyArray<() => Case> = [
      () => standardCase("control: genuine standard delivery", genuine("standard")),
      () => legacyCase("control: genuine legacy delivery", genuine("legacy")),
      () => {
        const delivery = genuine("standard")
        return standardCase("control: genuine, body as bytes", delivery, { body: utf8(delivery.body) })
      },
      () => {
        const delivery = genuine("standard")
        const mutations = bodyMutations[between(next, 0, bodyMutations.length - 1)] ?? bodyMutations[0]
        const [name, mutate] = mutations ?? ["body", (body: string) => body]
        return standardCase(`standard ${name}`, delivery, { body: mutate(delivery.body) })
      },
      () => {
        const delivery = genuine("legacy")
        const [name, mutate] = bodyMutations[between(next, 0, bodyMutations.length - 1)] ?? [
          "body",
          (body: string) => body
        ]
        return legacyCase(`legacy ${name}`, delivery, { body: mutate(delivery.body) })
      },
      () => {
        const delivery = genuine("standard")
        const value = sigValue(delivery.signature)
        const forms = [
          `v1,${flip(value)}`,
          `v1,${value.slice(0, -2)}`,
          `v1,${value}A`,
          `v1,${value.toLowerCase()}`,
          `v2,${value}`,
          `V1,${value}`,
          `v1a,${value}`,
          `v1, ${value}`,
          `v1,${value},`,
          "v1,",
          "v1",
          `v1,${Buffer.from(value, "base64").toString("base64url")}`,
          `v1,${Buffer.from(value, "base64").toString("hex")}`
        ]
        return standardCase("standard signature: mutated", delivery, {
          headers: standardHeaders(delivery, { "webhook-signature": forms[between(next, 0, forms.length - 1)] })
        })
      },
      () => {
        const delivery = genuine("standard")
        const bad = `v1,${flip(sigValue(delivery.signature))}`
        const lists = [
          `${bad} ${delivery.signature}`,
          `v1a,xyz ${delivery.signature}`,
          `${bad}\t${delivery.signature}`,
          `${bad}\n${delivery.signature}`,
          `${`${bad} `.repeat(2000)}${delivery.signature}`,
          `${bad} ${bad}`
        ]
        return standardCase("standard signature: lists (rotation)", delivery, {
          headers: standardHeaders(delivery, { "webhook-signature": lists[between(next, 0, lists.length - 1)] })
        })
      },
      () => {
        const delivery = genuine("standard")
        const other = genuine("standard")
        const forged = signStandard(utf8(otherSecret), delivery.id, delivery.stamp, delivery.body, false)
        const pick = between(next, 0, 2)
        return standardCase("standard signature: another secret or another delivery", delivery, {
          headers: standardHeaders(delivery, {
            "webhook-signature": pick === 0 ? forged : pick === 1 ? other.signature : `${forged} ${other.signature}`
          })
        })
      },
      () => {
        const delivery = genuine("standard")
        const forms = [
          `${delivery.id}x`,
          delivery.id.slice(1),
          `${delivery.id}.${delivery.stamp}`,
          "",
          `${delivery.id} `
        ]
        return standardCase("standard webhook-id: changed", delivery, {
          headers: standardHeaders(delivery, { "webhook-id": forms[between(next, 0, forms.length - 1)] })
        })
      },
      () => {
        const delivery = genuine("standard")
        const forms = [
          ...timestampForms(delivery.stamp),
          String(delivery.stamp + 1),
          String(delivery.stamp - 1),
          `0${delivery.stamp}`
        ]
        return standardCase("standard webhook-timestamp: other forms", delivery, {
          headers: standardHeaders(delivery, { "webhook-timestamp": forms[between(next, 0, forms.length - 1)] })
        })
      },
      () => {
        const shift = between(next, 301, 10_000_000) * (next() < 0.5 ? -1 : 1)
        return standardCase(
          "standard: genuinely signed, outside the tolerance",
          genuine("standard", NOW_SECONDS + shift)
        )
      },
      () => {
        const shift = between(next, 301_000, 10_000_000_000) * (next() < 0.5 ? -1 : 1)
        return legacyCase("legacy: genuinely signed, outside the tolerance", genuine("legacy", NOW + shift))
      },
      () => {
        const delivery = genuine("standard")
        const drop = ["webhook-id", "webhook-timestamp", "webhook-signature"][between(next, 0, 2)] ?? "webhook-id"
        const headers = standardHeaders(delivery)
        delete headers[drop]
        return standardCase("standard headers: one missing", delivery, { headers })
      },
      () => {
        const delivery = genuine("standard")
        const bad = `v1,${flip(sigValue(delivery.signature))}`
        const headers = standardHeaders(delivery)
        const bags: ReadonlyArray<unknown> = [
          undefined,
          null,
          "webhook-signature",
          42,
          [],
          Object.entries(headers),
          { ...headers, "webhook-signature": [delivery.signature, bad] },
          { ...headers, "Webhook-Signature": bad },
          { ...headers, "webhook-signature": 1 },
          { ...headers, "webhook-signature": [1] },
          { ...headers, "webhook-timestamp": [String(delivery.stamp), String(delivery.stamp + 1)] },
          { get: () => 5 },
          { get: () => ({ toString: () => delivery.signature }) },
          throwingGetterBag(delivery),
          throwingProxy(delivery),
          Object.create(headers)
        ]
        return standardCase("standard headers: odd bags", delivery, {
          headers: bags[between(next, 0, bags.length - 1)]
        })
      },
      () => {
        const delivery = genuine("standard")
        const headers = standardHeaders(delivery)
        const bags: ReadonlyArray<unknown> = [
          new Headers(headers as Record<string, string>),
          new Map(Object.entries(headers)),
          Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value])),
          { ...headers, "webhook-signature": [delivery.signature, delivery.signature] },
          Object.assign(Object.create(null), headers)
        ]
        return standardCase("standard headers: other genuine shapes", delivery, {
          headers: bags[between(next, 0, bags.length - 1)]
        })
      },
      () => {
        const delivery = genuine("standard")
        const secrets: ReadonlyArray<unknown> = [
          `${secret} `,
          secret.toUpperCase(),
          secret.slice("whsec_".length),
          `${secret}x`,
          "",
          undefined,
          42,
          Buffer.from(secret),
          otherSecret
        ]
        return standardCase("standard secret: changed", delivery, {
          secret: secrets[between(next, 0, secrets.length - 1)]
        })
      },
      () => {
        const delivery = genuine("standard", NOW_SECONDS - between(next, 301, 100_000))
        const tolerances: ReadonlyArray<unknown> = [-1, Number.NaN, "999999", null, undefined, 0, 30, 1e-9, {}, []]
        return standardCase("standard options: odd tolerance, stale delivery", delivery, {
          options: { now: () => NOW, tolerance: tolerances[between(next, 0, tolerances.length - 1)] }
        })
      },
      () => {
        const delivery = genuine("standard")
        const clocks: ReadonlyArray<unknown> = [
          () => Number.NaN,
          () => "1765000000000",
          () => undefined,
          42,
          () => NOW * 10
        ]
        return standardCase("standard options: odd clock", delivery, {
          options: { now: clocks[between(next, 0, clocks.length - 1)] }
        })
      },
      () => {
        const delivery = genuine("standard")
        const encodings: ReadonlyArray<unknown> = ["base64", "hex", "UTF8", null, 1]
        return standardCase("standard options: secretEncoding", delivery, {
          options: { now: () => NOW, secretEncoding: encodings[between(next, 0, encodings.length - 1)] }
        })
      },
      () => {
        // Signed with the Standard Webhooks key convention (base64 of the part after whsec_).
        const id = `msg_${between(next, 0, 1e9)}`
        const body = bodyFor(next, id)
        const decoded = Uint8Array.from(Buffer.from(secret.slice("whsec_".length), "base64"))
        const seconds = NOW_SECONDS - between(next, -100, 100)
        const signature = signStandard(decoded, id, seconds, body)
        const delivery: Genuine = { scheme: "standard", id, stamp: seconds, body, signature }
        const pick = between(next, 0, 2)
        return standardCase("standard: base64 key convention", delivery, {
          options: { now: () => NOW, ...(pick === 0 ? {} : { secretEncoding: "base64" }) },
          secret: pick === 2 ? `${secret}=` : secret
        })
      },
      () => {
        const delivery = genuine("legacy")
        const forms = [
          `t=${delivery.stamp + 1},v1=${delivery.signature}`,
          `t=${delivery.stamp},v1=${flip(delivery.signature)}`,
          `t=${delivery.stamp},v1=${delivery.signature.toUpperCase()}`,
          `t=${delivery.stamp},v1=${delivery.signature.slice(0, -1)}`,
          `t=${delivery.stamp}, v1=${delivery.signature}`,
          `v1=${delivery.signature},t=${delivery.stamp}`,
          `t=${delivery.stamp},v1=${flip(delivery.signature)},v1=${delivery.signature}`,
          `t=${delivery.stamp},t=${delivery.stamp + 5},v1=${delivery.signature}`,
          `t=${delivery.stamp + 5},t=${delivery.stamp},v1=${delivery.signature}`,
          `t=0${delivery.stamp},v1=${delivery.signature}`,
          `t=${delivery.stamp}abc,v1=${delivery.signature}`,
          `t=${delivery.stamp / 1000}e3,v1=${delivery.signature}`,
          `t=-${delivery.stamp},v1=${delivery.signature}`,
          `t=${"9".repeat(20)},v1=${delivery.signature}`,
          `t=,v1=${delivery.signature}`,
          `v1=${delivery.signature}`,
          `t=${delivery.stamp}`,
          `t=${delivery.stamp},v1=${signLegacy(utf8(otherSecret), delivery.stamp, delivery.body, false)}`,
          `t=${delivery.stamp},v1=${delivery.signature}=`,
          ""
        ]
        return legacyCase("legacy x-ik-signature: mutated", delivery, {
          signatureHeader: forms[between(next, 0, forms.length - 1)]
        })
      },
      () => {
        const delivery = genuine("legacy")
        const headers: ReadonlyArray<unknown> = [
          undefined,
          null,
          42,
          [legacyHeader(delivery)],
          { toString: () => legacyHeader(delivery) }
        ]
        return legacyCase("legacy x-ik-signature: not a string", delivery, {
          signatureHeader: headers[between(next, 0, headers.length - 1)]
        })
      },
      () => {
        const delivery = genuine("legacy")
        const secrets: ReadonlyArray<unknown> = [
          `${secret} `,
          secret.slice(6),
          "",
          undefined,
          otherSecret,
          Buffer.from(secret)
        ]
        return legacyCase("legacy secret: changed", delivery, { secret: secrets[between(next, 0, secrets.length - 1)] })
      },
      () => {
        // Both schemes in one bag: the standard header wins when it is there; a broken one must not fall back.
        const standard = genuine("standard")
        const legacy = genuine("legacy")
        const bad = `v1,${flip(sigValue(standard.signature))}`
        const pick = between(next, 0, 2)
        const headers = {
          ...standardHeaders(
            standard,
            pick === 0 ? { "webhook-signature": bad } : pick === 1 ? { "webhook-signature": "" } : {}
          ),
          "x-ik-signature": pick === 2 ? `t=${legacy.stamp},v1=${flip(legacy.signature)}` : legacyHeader(legacy)
        }
        return {
          ...standardCase("both schemes in one bag", standard, { headers }),
          body: pick === 2 ? standard.body : legacy.body
        }
      }
    ]

    // What the verifier accepted must be genuine: signed here, by the key the secret stands for, inside the window.
    const keyOf = (input: unknown, scheme: Scheme, encoding: unknown): Uint8Array | undefined => {
      if (typeof input !== "string" || input.length === 0) return undefined
      if (scheme === "legacy" || encoding === undefined || encoding === "utf8") return utf8(input)
      if (encoding !== "base64") return undefined
      return Uint8Array.from(Buffer.from(input.startsWith("whsec_") ? input.slice(6) : input, "base64"))
    }
    const toleranceOf = (options: unknown): number => {
      const tolerance = typeof options === "object" && options !== null ? Reflect.get(options, "tolerance") : undefined
      if (tolerance === false) return Number.POSITIVE_INFINITY
      return typeof tolerance === "number" && tolerance >= 0 ? tolerance : 300
    }
    const failOpen = (input: Case, verified: CoreWebhook.VerifiedEvent): string | undefined => {
      const bytes =
        typeof input.body === "string" ? utf8(input.body) : input.body instanceof Uint8Array ? input.body : undefined
      if (bytes === undefined) return "accepted a body that is neither text nor bytes"
      const encoding =
        typeof input.options === "object" && input.options !== null
          ? Reflect.get(input.options, "secretEncoding")
          : undefined
      const keyBytes = keyOf(input.secret, verified.scheme === "standard" ? "standard" : "legacy", encoding)
      if (keyBytes === undefined) return "accepted with a secret that stands for no key"
      const scheme: Scheme = verified.scheme === "standard" ? "standard" : "legacy"
      const stamp = scheme === "standard" ? verified.timestamp / 1000 : verified.timestamp
      if (!signed.has(signedKey(scheme, keyBytes, scheme === "standard" ? (verified.id ?? "") : "", stamp, bytes))) {
        return "accepted a message that was never signed with that key"
      }
      if (Math.abs(verified.timestamp - NOW) > toleranceOf(input.options) * 1000)
        return "accepted outside the tolerance"
      const text = typeof input.body === "string" ? input.body : new TextDecoder().decode(bytes)
      if (!isDeepStrictEqual(verified.event, JSON.parse(text))) return "returned an event that is not the body"
      return undefined
    }

    type Verdict =
      | { readonly _tag: "Accepted"; readonly event: CoreWebhook.VerifiedEvent }
      | { readonly _tag: "Rejected" }
      | { readonly _tag: "Untyped"; readonly error: unknown }
    const core = (run: () => CoreWebhook.VerifiedEvent): Verdict => {
      try {
        return { _tag: "Accepted", event: run() }
      } catch (error) {
        return CoreWebhook.isWebhookVerificationError(error) ? { _tag: "Rejected" } : { _tag: "Untyped", error }
      }
    }
    const sdk = (
      program: Effect.Effect<CoreWebhook.VerifiedEvent, ImageKitError.WebhookVerificationError>
    ): Verdict => {
      const exit = Effect.runSyncExit(program)
      if (Exit.isSuccess(exit)) return { _tag: "Accepted", event: exit.value }
      if (exit.cause._tag === "Fail" && exit.cause.error instanceof ImageKitError.WebhookVerificationError) {
        options.witness.error("error webhook", exit.cause.error)
        return { _tag: "Rejected" }
      }
      return { _tag: "Untyped", error: exit.cause }
    }
    // The SDK takes the secret as a string or a Redacted; the case's odd secrets go through as they are.
    const sdkSecret = (input: Case): string | Redacted.Redacted<string> =>
      typeof input.secret === "string" && next() < 0.5 ? Redacted.make(input.secret) : (input.secret as string)

    const verifiers: ReadonlyArray<readonly [string, Scheme | "any", (input: Case) => Verdict]> = [
      [
        "core verify",
        "any",
        (input) =>
          core(() =>
            CoreWebhook.verify(
              input.body as string,
              input.headers as CoreWebhook.WebhookHeaders,
              input.secret as string,
              input.options as CoreWebhook.StandardVerifyOptions
            )
          )
      ],
      [
        "core verifyStandard",
        "standard",
        (input) =>
          core(() =>
            CoreWebhook.verifyStandard(
              input.body as string,
              input.headers as CoreWebhook.WebhookHeaders,
              input.secret as string,
              input.options as CoreWebhook.StandardVerifyOptions
            )
          )
      ],
      [
        "core verifySignature",
        "legacy",
        (input) =>
          core(() =>
            CoreWebhook.verifySignature(
              input.body as string,
              input.signatureHeader as string,
              input.secret as string,
              input.options as CoreWebhook.VerifyOptions
            )
          )
      ],
      [
        "sdk Webhook.verify",
        "any",
        (input) =>
          sdk(
            SdkWebhook.verify(
              input.body as string,
              input.headers as SdkWebhook.WebhookHeaders,
              sdkSecret(input),
              input.options as SdkWebhook.VerifyOptions
            )
          )
      ],
      [
        "sdk Webhook.verifyStandard",
        "standard",
        (input) =>
          sdk(
            SdkWebhook.verifyStandard(
              input.body as string,
              input.headers as SdkWebhook.WebhookHeaders,
              sdkSecret(input),
              input.options as SdkWebhook.VerifyOptions
            )
          )
      ],
      [
        "sdk Webhook.verifySignature",
        "legacy",
        (input) =>
          sdk(
            SdkWebhook.verifySignature(
              input.body as string,
              input.signatureHeader as string,
              sdkSecret(input),
              input.options as CoreWebhook.VerifyOptions
            )
          )
      ]
    ]

    const standIn: ReadonlyArray<readonly [string, Scheme | "any", (input: Case) => Verdict]> = [
      [
        "stand-in that accepts everything",
        "any",
        (input) => {
          let event: unknown = null
          try {
            event = typeof input.body === "string" ? JSON.parse(input.body) : null
          } catch {
            event = null
          }
          return {
            _tag: "Accepted",
            event: {
              timestamp: NOW,
              event,
              scheme: input.scheme === "standard" ? "standard" : "x-ik-signature",
              id: "x"
            }
          }
        }
      ]
    ]
    const underTest = options.verifiers === "accept-everything" ? standIn : verifiers

    let calls = 0
    let accepted = 0
    let controlRejected = 0
    const openings: Array<string> = []
    const untyped = new Map<string, number>()
    const categories = new Map<string, { inputs: number; accepted: number }>()
    for (let index = 0; index < options.count; index++) {
      const input = generators[index % generators.length]?.()
      if (input === undefined) continue
      const tally = categories.get(input.category) ?? { inputs: 0, accepted: 0 }
      tally.inputs += 1
      categories.set(input.category, tally)
      for (const [name, scheme, verify] of underTest) {
        if (scheme !== "any" && scheme !== input.scheme) continue
        calls += 1
        const verdict = verify(input)
        if (verdict._tag === "Untyped") {
          untyped.set(`${name}: ${input.category}`, (untyped.get(`${name}: ${input.category}`) ?? 0) + 1)
          continue
        }
        if (verdict._tag === "Rejected") {
          if (input.category.startsWith("control")) controlRejected += 1
          continue
        }
        accepted += 1
        tally.accepted += 1
        const why = failOpen(input, verdict.event)
        if (why !== undefined) openings.push(`${name} on "${input.category}": ${why}`)
      }
    }
    const untypedText = [...untyped].map(([where, n]) => `${where} (${count(n)})`).join("; ")
    const figures: ReadonlyArray<Figure> = [
      {
        measure: "inputs / verifier calls",
        value: `${count(options.count)} inputs in ${count(categories.size)} categories / ${count(calls)} calls (core verify, verifyStandard, verifySignature; SDK Webhook.verify, verifyStandard, verifySignature)`
      },
      { measure: "accepted, all genuine", value: count(accepted) },
      {
        measure: "accepted that should not have been (fail-open)",
        value:
          openings.length === 0 ? "0" : `${count(openings.length)}: ${[...new Set(openings)].slice(0, 5).join("; ")}`,
        target: "0",
        pass: openings.length === 0
      },
      {
        measure: "genuine control deliveries rejected",
        value: count(controlRejected),
        target: "0",
        pass: controlRejected === 0
      },
      {
        measure: "thrown or died with something other than WebhookVerificationError",
        value: untypedText === "" ? "0" : untypedText,
        target: "0",
        pass: untypedText === ""
      }
    ]
    return {
      id: "g",
      title: "Webhook fail-open fuzzing",
      tried:
        "Deliveries signed with node:crypto in both schemes, then mutated: signatures (flipped, truncated, other " +
        "version tags, lists for rotation, another secret, another delivery's), ids, timestamps (other forms, " +
        "Unicode digits, outside the ±300 s window), header bags (missing, duplicated, conflicting, non-string, " +
        "throwing, Headers, Map), bodies (bytes, BOM, NFC/NFD, re-serialised, parsed, Latin-1), secrets and options " +
        "(tolerance, clock, secretEncoding). Fail-open = an acceptance the oracle cannot trace to a genuine signature " +
        "inside the window.",
      figures,
      seconds: (performance.now() - started) / 1000
    }
  })
