import { hexId } from "./random.js"
import { type FolderRecord, ModelState } from "./state.js"
import type { Clock, ModelHooks, Random } from "./types.js"
import { folderSegments, normalizeFolder } from "./paths.js"
import { DEFAULT_ENDPOINT_ID, defaultEndpoint } from "./urlEndpoints.js"

export const TEST_KEYS = { publicKey: "public_test_key", privateKey: "private_test_key" } as const

/** What every handler works with: the state and the injected sources of ids and time. */
export class ModelContext {
  readonly state = new ModelState()

  constructor(
    readonly random: Random,
    readonly clock: Clock,
    /** Without a trailing "/". */
    readonly urlEndpoint: string,
    readonly pendingPolls: number,
    readonly hooks: ModelHooks = {},
    readonly keys: { readonly publicKey: string; readonly privateKey: string } = TEST_KEYS
  ) {
    // Every account has its default URL endpoint; a restored snapshot replaces it with its own copy.
    this.state.urlEndpoints.set(DEFAULT_ENDPOINT_ID, defaultEndpoint())
  }

  newId(): string {
    return hexId(this.random)
  }

  now(): Date {
    return this.clock()
  }

  /** Creates `folder` and any missing ancestor, as uploads and copies do on demand. */
  ensureFolder(folder: string): void {
    const segments = folderSegments(normalizeFolder(folder))
    for (let depth = 1; depth <= segments.length; depth++) {
      const path = `/${segments.slice(0, depth).join("/")}/`
      if (this.state.folders.has(path)) continue
      const now = this.now()
      const record: FolderRecord = { folderId: this.newId(), path, createdAt: now, updatedAt: now }
      this.state.folders.set(path, record)
    }
  }
}
