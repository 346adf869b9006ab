/**
 * Why an Effect program's objects survive scavenges while V8 still interprets its code (decision 0081, finding): each
 * case runs a loop in a `node --jitless --trace-gc-nvp` child process (the interpreter only, as code runs before
 * TurboFan compiles it) and prints the median bytes that survive a scavenge of the last ten, against the bytes
 * allocated between two scavenges.
 *
 * The plain-JavaScript cases isolate the shape: an object that holds a closure created after it (`late`) keeps bytes
 * alive across scavenges that the same objects created the other way round (`early`) do not; a closure that captures
 * nothing, or a plain object in its place, does not either; nor does the capturing closure made after the object
 * but not stored in it (`lateUnstored`). The object need not be a class instance (`lateLiteral`). Effect's
 * `uninterruptible`, `uninterruptibleMask` and `async` build their primitives that way (the primitive first, then the
 * closure stored in it); `suspend` and `flatMap` take a closure made before the primitive.
 *
 * Usage: node src/warmup-survival.mjs [case ...]
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { median } from "./stats.mjs"

const CALLS = 200_000

/** A tiny interpreter of primitives, as Effect's run loop is one: `run` follows `Commit` and `OnSuccess` steps. */
const plain = (make) => {
  class Primitive {
    constructor(op) {
      this.op = op
      this.value = undefined
      this.next = undefined
      this.commit = undefined
    }
  }
  const succeed = (value) => {
    const primitive = new Primitive("Success")
    primitive.value = value
    return primitive
  }
  const suspend = (commit) => {
    const primitive = new Primitive("Commit")
    primitive.commit = commit
    return primitive
  }
  const flatMap = (self, next) => {
    const primitive = new Primitive("OnSuccess")
    primitive.value = self
    primitive.next = next
    return primitive
  }
  let count = 0
  const one = flatMap(
    suspend(() => make(Primitive, succeed({ count }))),
    () => {
      count++
      return succeed(undefined)
    }
  )
  const loop = suspend(() => (count >= CALLS ? succeed(undefined) : flatMap(one, () => loop)))
  const stack = []
  let current = loop
  while (current !== undefined) {
    if (current.op === "Commit") current = current.commit()
    else if (current.op === "OnSuccess") {
      stack.push(current)
      current = current.value
    } else current = stack.pop()?.next(current.value)
  }
}

const commitOwn = function () {
  return this.value
}

const cases = {
  // The primitive first, then a closure that captures `self`, stored in it.
  late: () =>
    plain((Primitive, self) => {
      const primitive = new Primitive("Commit")
      primitive.commit = () => self
      return primitive
    }),
  // The same objects, the closure made before the primitive.
  early: () =>
    plain((Primitive, self) => {
      const commit = () => self
      const primitive = new Primitive("Commit")
      primitive.commit = commit
      return primitive
    }),
  // The capturing closure made after the primitive but stored nowhere: called once, then dropped (decision 0082).
  lateUnstored: () =>
    plain((Primitive, self) => {
      const primitive = new Primitive("Success")
      const read = () => self
      primitive.value = read().value
      return primitive
    }),
  // An object literal in place of the class instance, then the capturing closure (decision 0082).
  lateLiteral: () =>
    plain((_Primitive, self) => {
      const primitive = { op: "Commit", value: undefined, next: undefined, commit: undefined }
      primitive.commit = () => self
      return primitive
    }),
  // A closure made after the primitive that captures nothing.
  lateNoCapture: () =>
    plain((Primitive, self) => {
      const primitive = new Primitive("Commit")
      primitive.next = () => 1
      primitive.value = self
      primitive.commit = commitOwn
      return primitive
    }),
  // A plain object made after the primitive, in place of the closure.
  lateObject: () =>
    plain((Primitive, self) => {
      const primitive = new Primitive("Commit")
      primitive.value = { self }
      primitive.commit = function () {
        return this.value.self
      }
      return primitive
    }),
  effectSuspend: () => effectLoop((Effect) => Effect.suspend(() => Effect.succeed({ count: 1 }))),
  effectUninterruptible: () => effectLoop((Effect) => Effect.uninterruptible(Effect.succeed({ count: 1 }))),
  effectAsync: () =>
    effectLoop((Effect) =>
      Effect.async((resume) => {
        resume(Effect.succeed({ count: 1 }))
      })
    )
}

async function effectLoop(body) {
  const { Effect } = await import("effect")
  let count = 0
  const one = Effect.tap(
    Effect.suspend(() => body(Effect)),
    () => {
      count++
    }
  )
  const loop = Effect.suspend(() => (count >= CALLS ? Effect.void : Effect.zipRight(one, loop)))
  await Effect.runPromise(loop)
}

const caseName = process.argv[2] === "--case" ? process.argv[3] : undefined
if (caseName !== undefined) {
  await cases[caseName]()
} else {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(cases)
  const self = fileURLToPath(import.meta.url)
  console.log("case                    survived per scavenge   allocated between scavenges   (interpreter only)")
  for (const name of names) {
    const output = await new Promise((resolve, reject) =>
      execFile(
        process.execPath,
        ["--jitless", "--trace-gc-nvp", self, "--case", name],
        { maxBuffer: 64 * 1024 * 1024 },
        (error, stdout) => (error ? reject(error) : resolve(stdout))
      )
    )
    const scavenges = output
      .split("\n")
      .filter((line) => line.includes("gc=s "))
      .map((line) => Object.fromEntries(line.split(" ").map((field) => field.split("="))))
      .slice(-10)
    const survived = median(scavenges.map((gc) => Number(gc.new_space_survived)))
    const allocated = median(scavenges.map((gc) => Number(gc.allocated)))
    console.log(
      `${name.padEnd(24)}${`${(survived / 1024).toFixed(0)} KB`.padStart(21)}${`${(allocated / 1024 / 1024).toFixed(1)} MB`.padStart(30)}`
    )
  }
}
