/**
 * Typed-error fuzzing of every method of the adapter (issue 13), with the hostile arguments of the client's own fuzz
 * test. An API method never throws at call time and settles, by Promise and by callback, with a result or one of the
 * values v6 code expects: a plain `{ message, help }`, an error body with `$ResponseMetadata`, or an
 * `ImageKitRequestError`; every request it sends is on the method's own route (asserted on what its `fetch` saw).
 * The synchronous utilities return, or throw an `Error` where v6 threw one; `pHashDistance` never throws.
 *
 * `FUZZ_RUNS` sets the cases per method (default 40, what CI runs); the report quotes a long run.
 */
import { describe, expect, it } from "vitest"
import { hostile, materialize } from "../../sdk/test/fixtures/hostile.js"
import * as fc from "effect/FastCheck"
import ImageKit, { ImageKitRequestError } from "../src/index.js"
import { METHOD_NAMES, type MethodName } from "./fixtures/requestCases.js"
import { v6Options } from "./fixtures/v6.js"
import { fetchResponse, plausibleResponse, toRequest } from "./fixtures/wire.js"

const RUNS = Number(process.env.FUZZ_RUNS ?? 40)

const API = "https://api.imagekit.io"
const ID = "[^/?#]+"

/** `METHOD origin+pathname` of every request each method may send (v6's routes; ids encoded into one segment). */
const ROUTES: Readonly<Record<MethodName, RegExp>> = {
  upload: /^POST https:\/\/upload\.imagekit\.io\/api\/v1\/files\/upload$/,
  listFiles: new RegExp(`^GET ${API}/v1/files/$`),
  getFileDetails: new RegExp(`^GET ${API}/v1/files/${ID}/details$`),
  getFileVersions: new RegExp(`^GET ${API}/v1/files/${ID}/versions$`),
  getFileVersionDetails: new RegExp(`^GET ${API}/v1/files/${ID}/versions/${ID}$`),
  updateFileDetails: new RegExp(`^PATCH ${API}/v1/files/${ID}/details$`),
  bulkAddTags: new RegExp(`^POST ${API}/v1/files/addTags$`),
  bulkRemoveTags: new RegExp(`^POST ${API}/v1/files/removeTags$`),
  bulkRemoveAITags: new RegExp(`^POST ${API}/v1/files/removeAITags$`),
  deleteFile: new RegExp(`^DELETE ${API}/v1/files/${ID}$`),
  deleteFileVersion: new RegExp(`^DELETE ${API}/v1/files/${ID}/versions/${ID}$`),
  bulkDeleteFiles: new RegExp(`^POST ${API}/v1/files/batch/deleteByFileIds$`),
  copyFile: new RegExp(`^POST ${API}/v1/files/copy$`),
  moveFile: new RegExp(`^POST ${API}/v1/files/move$`),
  renameFile: new RegExp(`^PUT ${API}/v1/files/rename$`),
  restoreFileVersion: new RegExp(`^PUT ${API}/v1/files/${ID}/versions/${ID}/restore$`),
  createFolder: new RegExp(`^POST ${API}/v1/folder$`),
  deleteFolder: new RegExp(`^DELETE ${API}/v1/folder$`),
  copyFolder: new RegExp(`^POST ${API}/v1/bulkJobs/copyFolder$`),
  moveFolder: new RegExp(`^POST ${API}/v1/bulkJobs/moveFolder$`),
  getBulkJobStatus: new RegExp(`^GET ${API}/v1/bulkJobs/${ID}$`),
  purgeCache: new RegExp(`^POST ${API}/v1/files/purge$`),
  getPurgeCacheStatus: new RegExp(`^GET ${API}/v1/files/purge/${ID}$`),
  getFileMetadata: new RegExp(`^GET ${API}/v1/(files/${ID}/metadata|metadata)$`),
  createCustomMetadataField: new RegExp(`^POST ${API}/v1/customMetadataFields$`),
  getCustomMetadataFields: new RegExp(`^GET ${API}/v1/customMetadataFields$`),
  updateCustomMetadataField: new RegExp(`^PATCH ${API}/v1/customMetadataFields/${ID}$`),
  deleteCustomMetadataField: new RegExp(`^DELETE ${API}/v1/customMetadataFields/${ID}$`)
}

const ARITY: Readonly<Record<MethodName, number>> = {
  ...(Object.fromEntries(METHOD_NAMES.map((name) => [name, 1])) as Record<MethodName, number>),
  updateFileDetails: 2,
  bulkAddTags: 2,
  bulkRemoveTags: 2,
  bulkRemoveAITags: 2,
  updateCustomMetadataField: 2
}

const seen: Array<string> = []

const ik = new ImageKit({
  ...v6Options,
  retry: false,
  fetch: async (input, init) => {
    const request = toRequest(input, init)
    const url = new URL(request.url)
    seen.push(`${request.method} ${url.origin}${url.pathname}${url.hash}`)
    // A server reads the whole body before it answers.
    await request.arrayBuffer()
    return fetchResponse(plausibleResponse(request.method, url))
  }
})

const isPlainObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && Object.getPrototypeOf(u) === Object.prototype

/** Why a rejection is not one of the values v6 code expects, or `undefined`. */
const untyped = (error: unknown): string | undefined => {
  if (error instanceof ImageKitRequestError) return undefined
  if (error instanceof Error) return `${error.name}: ${error.message}`
  if (!isPlainObject(error)) return `a ${typeof error}`
  // v6's validation error: exactly { message, help }, both text.
  const keys = Object.keys(error)
  if (keys.length === 2 && typeof error.message === "string" && typeof error.help === "string") return undefined
  // an error status: its body, with the response metadata v6 attached
  if (Object.getOwnPropertyDescriptor(error, "$ResponseMetadata") !== undefined) return undefined
  return `an unexpected object ${JSON.stringify(error)}`
}

const argsFor = (arity: number, seed: number): ReadonlyArray<ReadonlyArray<unknown>> =>
  fc.sample(fc.array(hostile, { minLength: arity, maxLength: arity }), { numRuns: RUNS, seed })

const callPromise = (name: MethodName, args: ReadonlyArray<unknown>): unknown =>
  Reflect.apply(Reflect.get(ik, name) as (...a: ReadonlyArray<unknown>) => unknown, ik, [...args])

// A long run (FUZZ_RUNS=1000) sends thousands of requests per method.
describe("typed-error fuzz: every adapter method, hostile arguments", { timeout: Math.max(5_000, RUNS * 60) }, () => {
  let cases = 0

  for (const name of METHOD_NAMES) {
    it(name, async () => {
      for (const plan of argsFor(ARITY[name], 20261207)) {
        // by Promise
        seen.length = 0
        let returned: unknown
        expect(() => {
          returned = callPromise(name, materialize(plan) as ReadonlyArray<unknown>)
        }, `${name} threw at call time`).not.toThrow()
        expect(returned).toBeInstanceOf(Promise)
        const error = await (returned as Promise<unknown>).then(
          () => undefined,
          (rejected: unknown) => rejected ?? "a nullish rejection"
        )
        cases += 1
        if (error !== undefined) expect(untyped(error), name).toBeUndefined()
        for (const line of seen) expect(line, `${name} left its route`).toMatch(ROUTES[name])

        // by callback: called once, with (error, null) or (null, result)
        const settled = await new Promise<ReadonlyArray<unknown>>((resolve, reject) => {
          const args = [...(materialize(plan) as ReadonlyArray<unknown>)]
          while (args.length < ARITY[name]) args.push(undefined)
          try {
            const result = callPromise(name, [...args, (...answer: ReadonlyArray<unknown>) => resolve(answer)])
            expect(result).toBeUndefined()
          } catch (thrown) {
            reject(thrown)
          }
        })
        cases += 1
        const [callbackError, result] = settled
        if (callbackError) {
          expect(untyped(callbackError), name).toBeUndefined()
          expect(result).toBeNull()
        }
      }
    })
  }

  it("url, getAuthenticationParameters, pHashDistance, verifyWebhookEvent and the constructor: a value or an Error", () => {
    const utilities: ReadonlyArray<readonly [string, number, (args: ReadonlyArray<unknown>) => unknown]> = [
      ["url", 1, ([options]) => ik.url(options as never)],
      [
        "getAuthenticationParameters",
        2,
        ([token, expire]) => ik.getAuthenticationParameters(token as never, expire as never)
      ],
      [
        "verifyWebhookEvent",
        3,
        ([payload, header, secret]) => ik.verifyWebhookEvent(payload as never, header as never, secret as never)
      ],
      ["constructor", 1, ([options]) => new ImageKit(options as never)]
    ]
    for (const [name, arity, call] of utilities) {
      for (const plan of argsFor(arity, 7)) {
        cases += 1
        try {
          call(materialize(plan) as ReadonlyArray<unknown>)
        } catch (thrown) {
          expect(thrown, `${name} threw a non-Error`).toBeInstanceOf(Error)
        }
      }
    }
    for (const plan of argsFor(2, 11)) {
      cases += 1
      const [first, second] = materialize(plan) as ReadonlyArray<unknown>
      const distance = ik.pHashDistance(first as never, second as never)
      expect(typeof distance === "number" || distance instanceof Error).toBe(true)
    }
    console.log(`typed-error fuzz (adapter): ${cases} cases, 0 defects`)
  })
})
