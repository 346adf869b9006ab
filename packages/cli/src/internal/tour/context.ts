/** What every step of the tour works with, and what the first step hands to the others. */
import type * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import type * as Emulator from "@effect-imagekit/testing/Emulator"
import type { Sample, SampleName } from "./assets.js"
import type { Receiver } from "./receiver.js"

export interface Tour {
  /** The SDK client, pointed at the emulator. */
  readonly ik: ImageKit.Service
  readonly emulator: Emulator.Running
  /** Where the emulator posts its webhooks, and the secret it signs them with. */
  readonly receiver: Receiver
  readonly webhookSecret: string
  readonly samples: ReadonlyArray<Sample>
}

/** A sample as stored by step 1. */
export interface Uploaded {
  readonly name: SampleName
  readonly fileId: string
  readonly filePath: string
  readonly url: string
  readonly size: number
}

export type Uploads = Readonly<Record<SampleName, Uploaded>>

/** Where step 1 uploads, and the tags it sets. */
export const PHOTOS = "/tour/photos"
export const TAGS = ["tour", "sample"] as const
