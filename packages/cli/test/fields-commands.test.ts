/**
 * `imagekit fields list|create|update|delete` as users run them (in process, see harness.ts), against an
 * in-process emulator: output and `--json` shapes, typed schema flags, exit codes, and ids that try to reach
 * another route.
 */
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { parseJson, type Run, runCli, startEmulator, TEST_KEYS, type TestEmulator } from "./harness.js"

let emulator: TestEmulator

interface Field {
  readonly id: string
  readonly name: string
  readonly label: string
  readonly schema: Record<string, unknown>
}

const expectExit = (run: Run, code: number) =>
  assert.strictEqual(run.code, code, `exit code\nstdout: ${run.stdout}\nstderr: ${run.stderr}`)

const cli = (...args: ReadonlyArray<string>) => runCli(["fields", ...args], { env: emulator.env })

const fieldOf = (run: Run): Field => {
  expectExit(run, 0)
  return (parseJson(run) as { field: Field }).field
}

/** Every field the emulator holds, deleted ones included, straight from its model. */
const storedFields = async (): Promise<ReadonlyArray<Field>> => {
  const response = await fetch(`${emulator.running.url}/v1/customMetadataFields?includeDeleted=true`, {
    headers: { authorization: `Basic ${Buffer.from(`${TEST_KEYS.privateKey}:`).toString("base64")}` }
  })
  return (await response.json()) as ReadonlyArray<Field>
}

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator?.running.close()
})

describe("imagekit fields", () => {
  it("creates fields of each kind with typed schema values, and lists them as a table and as JSON", async () => {
    const [created, size, tags, due, flag] = await Promise.all([
      cli("create", "--name", "price", "--label", "Price", "--type", "Number", "--min", "0", "--max", "99.5"),
      cli(
        "create",
        "--name",
        "size",
        "--label",
        "Size",
        "--type",
        "SingleSelect",
        "--select-options",
        "s, m,l",
        "--json"
      ).then(fieldOf),
      cli(
        "create",
        "--name",
        "tags2",
        "--label",
        "Colours",
        "--type",
        "MultiSelect",
        "--select-options",
        "red,green,blue",
        "--default-value",
        "red,blue",
        "--json"
      ).then(fieldOf),
      cli("create", "--name", "due", "--label", "Due", "--type", "Date", "--min", "2024-01-01", "--json").then(fieldOf),
      cli(
        "create",
        "--name",
        "flag",
        "--label",
        "Flag",
        "--type",
        "Boolean",
        "--default-value",
        "false",
        "--json"
      ).then(fieldOf)
    ])
    expectExit(created, 0)
    const createdLine = /^created field price \(([0-9a-f]{24})\): Number, min 0, max 99\.5\n$/.exec(created.stdout)
    const priceId = createdLine?.[1] ?? assert.fail(`unexpected output: ${created.stdout}`)
    const price = fieldOf(await cli("update", priceId, "--default-value", "5", "--required", "--json"))
    assert.deepStrictEqual(price.schema, {
      type: "Number",
      minValue: 0,
      maxValue: 99.5,
      defaultValue: 5,
      isValueRequired: true
    })
    assert.deepStrictEqual(size.schema, { type: "SingleSelect", selectOptions: ["s", "m", "l"] })
    assert.deepStrictEqual(tags.schema, {
      type: "MultiSelect",
      selectOptions: ["red", "green", "blue"],
      defaultValue: ["red", "blue"]
    })
    assert.deepStrictEqual(due.schema, { type: "Date", minValue: "2024-01-01" })
    assert.deepStrictEqual(flag.schema, { type: "Boolean", defaultValue: false })

    const [table, json, text] = await Promise.all([
      cli("list"),
      cli("list", "--json"),
      cli("create", "--name", "note", "--label", "Note", "--type", "Text", "--max-length", "20")
    ])
    expectExit(text, 0)
    assert.match(text.stdout, /^created field note \([0-9a-f]{24}\): Text, max length 20\n$/)
    expectExit(table, 0)
    const lines = table.stdout.trimEnd().split("\n")
    assert.match(lines[0] ?? "", /^ID {24}NAME +LABEL +TYPE +RULES$/)
    assert.include(lines, `${price.id}  price  Price    Number        min 0, max 99.5, default 5, required`)
    assert.include(lines, `${size.id}  size   Size     SingleSelect  options s|m|l`)
    const listed = (parseJson(json) as { fields: ReadonlyArray<Field & { deleted: boolean }> }).fields
    assert.deepInclude(listed, { ...price, deleted: false })
    assert.deepStrictEqual(Object.keys(listed[0] ?? {}), ["id", "name", "label", "schema", "deleted"])
  })

  it("updates a field's label and rules, keeps the others, and refuses values of the wrong type", async () => {
    const field = fieldOf(
      await cli(
        "create",
        "--name",
        "rating",
        "--label",
        "Rating",
        "--type",
        "Number",
        "--min",
        "1",
        "--max",
        "5",
        "--json"
      )
    )
    const [updated, wrongType, wrongFlag, nothing, both, unknown, clash] = await Promise.all([
      cli("update", field.id, "--label", "Stars", "--max", "10"),
      cli("update", field.id, "--max", "ten"),
      cli("update", field.id, "--select-options", "a,b"),
      cli("update", field.id),
      cli("update", field.id, "--required", "--not-required"),
      cli("update", "5f0000000000000000000000", "--label", "X", "--json"),
      cli("create", "--name", "rating", "--label", "Again", "--type", "Number")
    ])
    expectExit(updated, 0)
    assert.strictEqual(updated.stdout, `updated field rating (${field.id}): label Stars, Number, min 1, max 10\n`)
    expectExit(wrongType, 2)
    assert.match(wrongType.stderr, /Invalid --max "ten": expected a number/)
    expectExit(wrongFlag, 2)
    assert.match(wrongFlag.stderr, /--select-options applies to SingleSelect and MultiSelect fields only/)
    expectExit(nothing, 2)
    expectExit(both, 2)
    expectExit(unknown, 3)
    assert.deepInclude((parseJson(unknown) as { error: object }).error, { exitCode: 3 })
    // ImageKit refuses a second field with the same name: exit 1 with its message.
    expectExit(clash, 1)
    assert.match(clash.stderr, /^imagekit: HTTP 400: A custom metadata field with this name already exists/m)
    const stored = (await storedFields()).find((candidate) => candidate.id === field.id)
    assert.deepStrictEqual(stored, {
      ...field,
      label: "Stars",
      schema: { type: "Number", minValue: 1, maxValue: 10 }
    })
  })

  it("deletes by id; odd ids reach no other route (exit 3 or 2) and delete nothing", async () => {
    const field = fieldOf(await cli("create", "--name", "doomed", "--label", "Doomed", "--type", "Text", "--json"))
    emulator.running.model.seedFile({
      fileName: "keep.txt",
      data: new TextEncoder().encode("keep\n"),
      useUniqueFileName: false
    })
    const before = await storedFields()
    const odd = [
      "../files",
      "..%2Ffiles",
      `${field.id}/../..`,
      `${field.id}?x=1`,
      `${field.id}#x`,
      "ｆｉｅｌｄ\u202e",
      "."
    ]
    const runs = await Promise.all(odd.map((id) => cli("delete", id)))
    for (const [index, run] of runs.entries()) expectExit(run, odd[index] === "." ? 2 : 3)
    assert.match(runs[0]?.stderr ?? "", /^imagekit: not found: .*\(run `imagekit fields list` to see field ids\)/m)
    assert.deepStrictEqual(await storedFields(), before)
    const files = await fetch(`${emulator.running.urlEndpoint}/keep.txt`)
    assert.strictEqual(files.status, 200)

    const [deleted, again] = [await cli("delete", field.id, "--json"), await cli("delete", field.id)]
    expectExit(deleted, 0)
    assert.deepStrictEqual(parseJson(deleted), { id: field.id, deleted: true })
    expectExit(again, 3)
    const [active, all, table] = await Promise.all([
      cli("list", "--json"),
      cli("list", "--include-deleted", "--json"),
      cli("list", "--include-deleted")
    ])
    const ids = (run: Run) =>
      (parseJson(run) as { fields: ReadonlyArray<{ id: string; deleted: boolean }> }).fields
        .filter((listed) => listed.id === field.id)
        .map((listed) => listed.deleted)
    assert.deepStrictEqual(ids(active), [])
    assert.deepStrictEqual(ids(all), [true])
    assert.match(table.stdout, new RegExp(`^${field.id}  doomed +Doomed +Text +deleted$`, "m"))
    assert.match(table.stdout.split("\n")[0] ?? "", /STATE +RULES$/)
  })

  it("exits 4 for refused keys without printing them, and 2 without a subcommand", async () => {
    const wrongKey = "private_wrong_key_never_shown"
    const [refused, bare, badType] = await Promise.all([
      runCli(["fields", "list"], { env: { ...emulator.env, IMAGEKIT_PRIVATE_KEY: wrongKey } }),
      runCli(["fields"], { env: emulator.env }),
      cli("create", "--name", "x", "--label", "X", "--type", "Colour")
    ])
    expectExit(refused, 4)
    assert.match(refused.stderr, /^imagekit: not permitted \(HTTP 401\)/m)
    assert.notInclude(refused.stdout + refused.stderr, wrongKey)
    expectExit(bare, 2)
    assert.match(bare.stderr, /needs a subcommand: list, create, update or delete/)
    expectExit(badType, 2)
  })
})
