import { defineWorkspace } from "vitest/config"

// One Vitest project per package; each package keeps its own vitest.config.ts.
export default defineWorkspace(["packages/*"])
