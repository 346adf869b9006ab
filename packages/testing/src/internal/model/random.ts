import type { Clock, Random } from "./types.js"

/** A seeded generator that can report its state, so a restarted emulator continues the same sequence. */
export interface SeededRandom extends Random {
  /** The generator's state; `seededRandom(state())` continues exactly where this one is. */
  readonly state: () => number
}

/** mulberry32: tiny, fast and good enough to make ids and suffixes reproducible from a seed. */
export const seededRandom = (seed: number): SeededRandom => {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return Object.assign(next, { state: () => state })
}

const pick = (random: Random, alphabet: string, length: number): string => {
  let out = ""
  for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(random() * alphabet.length))
  return out
}

/** A 24-hex-digit id, the shape of ImageKit's file, version, folder and job ids. */
export const hexId = (random: Random): string => pick(random, "0123456789abcdef", 24)

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/** The random part ImageKit appends to a name when `useUniqueFileName` is on (e.g. `photo_Ab3dE1fG2.jpg`). */
export const uniqueSuffix = (random: Random): string => pick(random, ALPHANUMERIC, 9)

/** A token for the `ik-obj-version` query of an older version's URL. */
export const versionToken = (random: Random): string => pick(random, `${ALPHANUMERIC}_-`, 32)

/** A clock that starts at `start` and moves `stepMs` forward on every reading, for reproducible timestamps. */
export const steppingClock = (start: Date, stepMs = 1000): Clock => {
  let next = start.getTime()
  return () => {
    const now = new Date(next)
    next += stepMs
    return now
  }
}
