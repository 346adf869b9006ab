/**
 * The child side of pretenured-sites.mjs, imported only in a process started with `--allow-natives-syntax` and its
 * standard output unbuffered into the file named by `SITES_OUT` (V8's `%DebugPrint` writes there). It walks V8's list
 * of allocation sites (each site's `weak_next`), reading back what each print wrote, and for every site V8 decided to
 * tenure (`pretenure decision: 3`) prints its literal's boilerplate and the functions inlined into the optimized code
 * that depends on it, between `SITE` and `END-SITE` lines that the parent reads.
 */
import fs from "node:fs"

const file = process.env.SITES_OUT

// V8's natives, compiled at run time so that this file stays plain JavaScript for every other tool.
const debugPrint = new Function("value", "%DebugPrint(value)")
const debugPrintPtr = new Function("address", "%DebugPrintPtr(address)")

/** What was written to the output file since `from`. */
const since = (from) => {
  const size = fs.statSync(file).size
  const buffer = Buffer.alloc(size - from)
  const handle = fs.openSync(file, "r")
  fs.readSync(handle, buffer, 0, buffer.length, from)
  fs.closeSync(handle)
  return buffer.toString()
}

/** Prints the heap object at `address` and answers what the print wrote. */
const print = (address) => {
  const from = fs.statSync(file).size
  debugPrintPtr(Number(address))
  return since(from)
}

/** A function with an array literal: its feedback vector holds an allocation site, the start of the walk. */
const anchor = (value) => [value, 1]

export const walk = () => {
  for (let index = 0; index < 1000; index++) anchor(index)
  const from = fs.statSync(file).size
  debugPrint(anchor)
  let address = /(0x[0-9a-f]+) <AllocationSite>/.exec(since(from))?.[1]
  const seen = new Set()
  while (address !== undefined && !seen.has(address)) {
    seen.add(address)
    const site = print(address)
    if (/pretenure decision: 3\b/.test(site)) {
      console.log(`SITE ${/transition_info: (.*)/.exec(site)?.[1] ?? "?"}`)
      const boilerplate = /transition_info: .*?(0x[0-9a-f]+) </.exec(site)?.[1]
      if (boilerplate !== undefined) {
        const keys = [...print(boilerplate).matchAll(/#([^:\n]+): [^\n]*location: in-object/g)].map((match) => match[1])
        if (keys.length > 0) console.log(`KEYS ${keys.join(", ")}`)
      }
      const dependent = /dependent code: (0x[0-9a-f]+)/.exec(site)?.[1]
      const codes = dependent === undefined ? [] : [...print(dependent).matchAll(/(0x[0-9a-f]+) <Code TURBOFAN>/g)]
      for (const [, code] of codes) {
        const inlined = /Inlined functions \(count = \d+\)\n((?: 0x[0-9a-f]+ <SharedFunctionInfo[^>]*>\n)*)/.exec(
          print(code)
        )
        const names = [...(inlined?.[1] ?? "").matchAll(/<SharedFunctionInfo ?([^>]*)>/g)].map(
          (match) => match[1] || "(anonymous)"
        )
        console.log(`CODE ${names.join(", ")}`)
      }
      console.log("END-SITE")
    }
    address = /weak_next: (0x[0-9a-f]+) <AllocationSite>/.exec(site)?.[1]
  }
  console.log(`SITES ${seen.size}`)
}
