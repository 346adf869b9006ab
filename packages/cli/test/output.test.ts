/**
 * How a failure becomes a `--json` error object, and the table layout. Unit tests of `internal/output.ts` (the
 * commands that print them are tested per command; the SDK errors' mapping in failures.test.ts).
 */
import * as ImageKitError from "@effect-imagekit/sdk/ImageKitError"
import { assert, describe, it } from "vitest"
import { fromOperationError } from "../src/internal/failures.js"
import { failureJson, table } from "../src/internal/output.js"
import { apiError } from "./sdk-errors.js"

describe("failureJson", () => {
  it("the --json error object has a fixed set of keys, status only when there was one", () => {
    assert.deepStrictEqual(Object.keys(failureJson(fromOperationError(apiError(404))).error), [
      "kind",
      "message",
      "hint",
      "exitCode",
      "status"
    ])
    const input = failureJson(fromOperationError(new ImageKitError.InvalidInputError({ message: "m", help: "h" })))
    assert.deepStrictEqual(input, { error: { kind: "InvalidInputError", message: "m", hint: "h", exitCode: 2 } })
  })
})

describe("table", () => {
  it("pads every column but the last to its widest cell and trims line ends", () => {
    assert.deepStrictEqual(
      table(
        ["NAME", "SIZE", "ID"],
        [
          ["a.png", "1 KiB", "f1"],
          ["longer-name.png", "", "f2"]
        ]
      ),
      ["NAME             SIZE   ID", "a.png            1 KiB  f1", "longer-name.png         f2"]
    )
  })
})
