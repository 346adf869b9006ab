/**
 * The exit code when the command is interrupted (Ctrl+C, SIGTERM). A stop is the normal end of `imagekit emulator`
 * (0), but an upload cut short is a failure: with 0, `imagekit upload … && deploy` would carry on. Commands for which
 * a stop is a failure set it when they start their work; `bin.ts` reads it.
 */
export const interruption = { exitCode: 0 }
