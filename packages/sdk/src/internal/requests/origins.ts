/**
 * Requests of the origins (`/v1/accounts/origins`): where ImageKit fetches files the media library does not hold.
 * The body is a union on `type`, checked by the API's schema (`OriginRequest`) before sending: the fields of that
 * type, names of letters, digits and spaces, http(s) URLs, a service account e-mail. Secrets (keys, tokens,
 * passwords) come in as `Redacted` values, so they never show in a log, an error or a span; they are revealed only
 * into the JSON body. The API never answers them back: an update must send them again.
 */
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import { byTag, encodeSegment, Flag, segment, withJson } from "./common.js"
import { decode, expected, invalidInput } from "./input.js"

type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

/** A secret as the SDK takes it: wrapped with `Redacted.make`, revealed only into the request body. */
export type Secret = Redacted.Redacted<string>

interface OriginBase {
  /** Letters, digits and spaces, 1 to 100 characters; unique in the account. */
  readonly name: string
  /** Send a `Link: <…>; rel="canonical"` header with files from this origin. */
  readonly includeCanonicalHeader?: boolean | undefined
  /** The URL the canonical header names. */
  readonly baseUrlForCanonicalHeader?: string | undefined
}

interface BucketFields {
  /** 1 to 100 characters. */
  readonly bucket: string
  /** A path inside the bucket; up to 100 characters. */
  readonly prefix?: string | undefined
}

/** The body of `createOrigin` and `updateOrigin`, by `type`. */
export type OriginOptions =
  | (OriginBase &
      BucketFields & {
        readonly type: "S3" | "CLOUDINARY_BACKUP"
        /** Leave the keys out with `useIAMRole: true` (the SDK then sends the empty strings the API expects). */
        readonly accessKey?: Secret | undefined
        readonly secretKey?: Secret | undefined
        readonly useIAMRole?: boolean | undefined
      })
  | (OriginBase &
      BucketFields & {
        readonly type: "S3_COMPATIBLE"
        readonly endpoint: string
        readonly accessKey: Secret
        readonly secretKey: Secret
        readonly s3ForcePathStyle?: boolean | undefined
      })
  | (OriginBase & {
      readonly type: "WEB_FOLDER"
      readonly baseUrl: string
      readonly forwardHostHeaderToOrigin?: boolean | undefined
    })
  | (OriginBase & { readonly type: "WEB_PROXY" })
  | (OriginBase &
      BucketFields & {
        readonly type: "GCS"
        /** The service account's e-mail. */
        readonly clientEmail: string
        /** The service account's private key. */
        readonly privateKey: Secret
      })
  | (OriginBase & {
      readonly type: "AZURE_BLOB"
      readonly container: string
      readonly prefix?: string | undefined
      readonly accountName: string
      readonly sasToken: Secret
    })
  | (OriginBase & {
      readonly type: "AKENEO_PIM"
      readonly baseUrl: string
      readonly clientId: Secret
      readonly clientSecret: Secret
      readonly username: Secret
      readonly password: Secret
    })

const Name = Schema.String.pipe(Schema.pattern(/^[a-zA-Z0-9 ]{1,100}$/)).annotations(
  expected("a name of 1 to 100 letters, digits and spaces")
)
const Bounded = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100)).annotations(
  expected("a string of 1 to 100 characters")
)
const Prefix = Schema.String.pipe(Schema.maxLength(100)).annotations(expected("a path of up to 100 characters"))

const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}

const HttpUrl = Schema.String.pipe(Schema.filter(isHttpUrl)).annotations(expected("an http(s) URL"))

// The API's pattern for a service account's e-mail.
const Email = Schema.String.pipe(
  Schema.pattern(/^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/)
).annotations(expected("a service account e-mail"))

/**
 * A `Redacted` string. The message never shows the value: a secret passed as plain text must not end up in an
 * error either.
 */
const secret = (maxLength?: number) =>
  Schema.declare((u: unknown): u is Secret => Redacted.isRedacted(u) && typeof Redacted.value(u) === "string")
    .pipe(
      Schema.filter((value) => {
        const text = Redacted.value(value)
        return text !== "" && (maxLength === undefined || text.length <= maxLength)
      })
    )
    .annotations({
      message: () => ({
        message: `expected a non-empty secret${maxLength === undefined ? "" : ` of up to ${maxLength} characters`}, wrapped with Redacted.make (the value is not shown)`,
        override: true
      })
    })

const common = {
  name: Name,
  includeCanonicalHeader: Schema.optional(Flag),
  baseUrlForCanonicalHeader: Schema.optional(HttpUrl)
}
const bucket = { bucket: Bounded, prefix: Schema.optional(Prefix) }

const BucketKeys = Schema.Struct({
  ...common,
  ...bucket,
  type: Schema.Literal("S3", "CLOUDINARY_BACKUP"),
  accessKey: Schema.optional(secret(100)),
  secretKey: Schema.optional(secret(100)),
  useIAMRole: Schema.optional(Flag)
})

const OriginSchema = byTag(
  "type",
  {
    S3: BucketKeys,
    CLOUDINARY_BACKUP: BucketKeys,
    S3_COMPATIBLE: Schema.Struct({
      ...common,
      ...bucket,
      type: Schema.Literal("S3_COMPATIBLE"),
      endpoint: HttpUrl,
      accessKey: secret(100),
      secretKey: secret(100),
      s3ForcePathStyle: Schema.optional(Flag)
    }),
    WEB_FOLDER: Schema.Struct({
      ...common,
      type: Schema.Literal("WEB_FOLDER"),
      baseUrl: HttpUrl,
      forwardHostHeaderToOrigin: Schema.optional(Flag)
    }),
    WEB_PROXY: Schema.Struct({ ...common, type: Schema.Literal("WEB_PROXY") }),
    GCS: Schema.Struct({ ...common, ...bucket, type: Schema.Literal("GCS"), clientEmail: Email, privateKey: secret() }),
    AZURE_BLOB: Schema.Struct({
      ...common,
      type: Schema.Literal("AZURE_BLOB"),
      container: Bounded,
      prefix: Schema.optional(Prefix),
      accountName: Bounded,
      sasToken: secret()
    }),
    AKENEO_PIM: Schema.Struct({
      ...common,
      type: Schema.Literal("AKENEO_PIM"),
      baseUrl: HttpUrl,
      clientId: secret(100),
      clientSecret: secret(100),
      username: secret(100),
      password: secret(100)
    })
  },
  "S3, S3_COMPATIBLE, CLOUDINARY_BACKUP, WEB_FOLDER, WEB_PROXY, GCS, AZURE_BLOB or AKENEO_PIM"
)

const ORIGIN_TYPES = "S3, S3_COMPATIBLE, CLOUDINARY_BACKUP, WEB_FOLDER, WEB_PROXY, GCS, AZURE_BLOB or AKENEO_PIM"

const HELP = (key: string | undefined): string =>
  key === "type" || key === undefined
    ? `Pass { type, name, … } with type ${ORIGIN_TYPES} and the fields of that type (see OriginOptions)`
    : key === "name"
      ? "Pass a name of letters, digits and spaces, e.g. 'Product images'"
      : `See OriginOptions.${key}; secrets are passed as Redacted.make("…")`

const originOptions = decode(OriginSchema, "origin", HELP)

export const originId = segment("originId", "Pass the id of an origin, as createOrigin and listOrigins return it")

const SECRETS = ["accessKey", "secretKey", "privateKey", "sasToken", "clientId", "clientSecret", "username", "password"]

/** The JSON body: every field as given, secrets revealed; S3 keys as "" with useIAMRole, as the API asks. */
const originBody = (origin: OriginOptions): Either.Either<Record<string, unknown>, InvalidInputError> => {
  const body: Record<string, unknown> = Object.create(null)
  for (const [key, value] of Object.entries(origin)) {
    if (value === undefined) continue
    body[key] = SECRETS.includes(key) && Redacted.isRedacted(value) ? Redacted.value(value) : value
  }
  if (origin.type === "S3" || origin.type === "CLOUDINARY_BACKUP") {
    if (origin.useIAMRole === true) {
      if (origin.accessKey !== undefined || origin.secretKey !== undefined) {
        return Either.left(
          invalidInput(
            "accessKey",
            "it is set with useIAMRole: true",
            "Leave accessKey and secretKey out with useIAMRole"
          )
        )
      }
      body.accessKey = ""
      body.secretKey = ""
    } else {
      for (const key of ["accessKey", "secretKey"] as const) {
        if (origin[key] === undefined) {
          return Either.left(
            invalidInput(key, "it is required unless useIAMRole is true", `Pass ${key}: Redacted.make("…")`)
          )
        }
      }
    }
  }
  return Either.right(body)
}

const BASE = "/v1/accounts/origins"

export const listOrigins: ImageKitRequest.ImageKitRequest = ImageKitRequest.make({
  operation: "listOrigins",
  method: "GET",
  path: BASE
})

/** POST with the origin's fields; the type and name go into the span, never a secret. */
export const createOrigin = (options: unknown): Built =>
  Either.gen(function* () {
    const origin = yield* originOptions(options)
    const body = yield* originBody(origin)
    return withJson(
      {
        operation: "createOrigin",
        method: "POST",
        path: BASE,
        attributes: { "imagekit.origin_type": origin.type, "imagekit.origin_name": origin.name }
      },
      body
    )
  })

export const getOrigin = (id: unknown): Built =>
  Either.map(originId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "getOrigin",
      method: "GET",
      path: `${BASE}/${encodeSegment(decoded)}`,
      attributes: { "imagekit.origin_id": decoded }
    })
  )

/** PUT: the whole origin again, secrets included (the API keeps none it could reuse). */
export const updateOrigin = (id: unknown, options: unknown): Built =>
  Either.gen(function* () {
    const decodedId = yield* originId(id)
    const origin = yield* originOptions(options)
    const body = yield* originBody(origin)
    return withJson(
      {
        operation: "updateOrigin",
        method: "PUT",
        path: `${BASE}/${encodeSegment(decodedId)}`,
        attributes: { "imagekit.origin_id": decodedId, "imagekit.origin_type": origin.type }
      },
      body
    )
  })

export const deleteOrigin = (id: unknown): Built =>
  Either.map(originId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "deleteOrigin",
      method: "DELETE",
      path: `${BASE}/${encodeSegment(decoded)}`,
      attributes: { "imagekit.origin_id": decoded }
    })
  )
