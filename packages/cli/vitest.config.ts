import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests spawn `node dist/bin.js` many times (each run ~0.3 s, several seconds under load): a hang guard, not a budget.
    testTimeout: 60_000
  }
})
