// What a data dir costs per mutating request: sequential uploads (distinct 2 KiB files) and PATCHes over loopback
// HTTP, memory-only vs dataDir, at several state sizes. Run after `npx tsup`: node scripts/persistence-cost.mjs
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Emulator from "../dist/Emulator.js"

const auth = `Basic ${Buffer.from("private_test_key:").toString("base64")}`

const upload = async (url, index) => {
  const bytes = new Uint8Array(2048)
  new DataView(bytes.buffer).setUint32(0, index)
  const form = new FormData()
  form.append("file", new Blob([bytes]), `f${index}.bin`)
  form.append("fileName", `f${index}.bin`)
  form.append("folder", `/bench/${index % 20}`)
  form.append("tags", "a,b")
  const response = await fetch(`${url}/api/v1/files/upload`, {
    method: "POST",
    body: form,
    headers: { authorization: auth }
  })
  if (response.status !== 200) throw new Error(`upload answered ${response.status}`)
  return (await response.json()).fileId
}

const patch = async (url, id) => {
  const response = await fetch(`${url}/v1/files/${id}/details`, {
    method: "PATCH",
    body: JSON.stringify({ tags: ["x"] }),
    headers: { authorization: auth, "content-type": "application/json" }
  })
  if (response.status !== 200) throw new Error(`PATCH answered ${response.status}`)
  await response.arrayBuffer()
}

const run = async (dataDir, files) => {
  const running = await Emulator.start(dataDir === undefined ? {} : { dataDir })
  const ids = []
  let started = performance.now()
  for (let index = 0; index < files; index++) ids.push(await upload(running.url, index))
  const uploadMs = (performance.now() - started) / files
  const patches = 300
  started = performance.now()
  for (let index = 0; index < patches; index++) await patch(running.url, ids[index % ids.length])
  const patchMs = (performance.now() - started) / patches
  const stats = running.stats()
  await running.close()
  return {
    uploadMs,
    patchMs,
    writes: stats.stateWrites,
    meanWriteMs: stats.stateWrites ? stats.stateWriteMs / stats.stateWrites : 0
  }
}

const fixed = (n) => n.toFixed(2)
await run(undefined, 100) // warm-up
for (const files of [100, 1000, 5000]) {
  const memory = await run(undefined, files)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-persist-"))
  const disk = await run(dir, files)
  const stateKiB = fs.statSync(path.join(dir, "state.json")).size / 1024
  const started = performance.now()
  const again = await Emulator.start({ dataDir: dir })
  const restartMs = performance.now() - started
  await again.close()
  fs.rmSync(dir, { recursive: true, force: true })
  console.log(
    `${files} files (state.json ${fixed(stateKiB)} KiB): upload ${fixed(memory.uploadMs)} -> ${fixed(disk.uploadMs)} ms, ` +
      `PATCH ${fixed(memory.patchMs)} -> ${fixed(disk.patchMs)} ms, ${disk.writes} state writes of ${fixed(disk.meanWriteMs)} ms, ` +
      `restart ${fixed(restartMs)} ms`
  )
}
