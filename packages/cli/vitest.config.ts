import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    include: ["test/**/*.test.ts"],
    // Most tests run the command in process (test/harness.ts): one module graph per worker instead of one per file
    // saves re-importing the CLI, @effect/cli, the SDK and the emulator for each of the files. The commands keep no
    // module-level state (streams, client and interruption code come from services), so files cannot leak into
    // one another.
    isolate: false,
    // A hang guard, not a budget: the spawned-binary tests take several seconds each under load.
    testTimeout: 60_000
  }
})
