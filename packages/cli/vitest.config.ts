import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    include: ["test/**/*.test.ts"],
    // The emulator tests start `node dist/bin.js` several times; a loaded CI machine needs more than the default 5 s.
    testTimeout: 20_000
  }
})
