/**
 * The live progress display of `imagekit upload` on a terminal: one line per file being sent and an overall line,
 * redrawn in place at most 10 times a second (progress callbacks come per chunk; redrawing on each would cost more
 * than the upload). The lines themselves come from `progress.ts`.
 *
 * A file leaves the in-flight lines once its last byte is written (`uploadMany` reports bytes written); its
 * result line is printed above the display when its answer arrives (`print`).
 */
import type * as Upload from "@effect-imagekit/sdk/Upload"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { addSample, fileLine, overallLine, rateOf, type Sample } from "./progress.js"

const REDRAW_MILLIS = 100
const RATE_WINDOW_MILLIS = 3000
/** More in-flight lines than this scroll the terminal and garble the redraw; the overall line still counts them. */
const MAX_FILE_LINES = 12

export interface DisplayFile {
  readonly name: string
  readonly total: number | undefined
}

export interface Display {
  readonly progress: (index: number, progress: Upload.Progress) => void
  /**
   * Runs `write` (which prints whole lines, e.g. a file's result on stdout) with the display erased, then redraws it
   * below them, so results scroll up while the live lines stay at the bottom.
   */
  readonly print: (write: () => void) => void
  /** Erases the display; the caller prints the summary after. */
  readonly stop: () => void
}

interface Terminal {
  readonly write: (text: string) => unknown
  readonly columns?: number | undefined
}

/** Draws on `terminal` until `stop` or the end of the scope (an interrupted upload leaves no half-drawn lines). */
export const makeDisplay = (
  terminal: Terminal,
  files: ReadonlyArray<DisplayFile>
): Effect.Effect<Display, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const sent = files.map(() => 0)
      const started = files.map(() => false)
      const total = files.some((file) => file.total === undefined)
        ? undefined
        : files.reduce((sum, file) => sum + (file.total ?? 0), 0)
      let samples: Array<Sample> = []
      let drawnLines = 0
      let stopped = false

      const isSent = (index: number) => {
        const size = files[index]?.total
        return size !== undefined && (sent[index] ?? 0) >= size
      }

      const erase = () => {
        // Up to the first drawn line, then clear to the end of the screen.
        if (drawnLines > 0) terminal.write(`\x1b[${drawnLines}F\x1b[J`)
        drawnLines = 0
      }

      const draw = () => {
        // Every tick, changed or not: the rate and ETA must show a stall too.
        if (stopped) return
        const now = Date.now()
        const sentBytes = sent.reduce((sum, bytes) => sum + bytes, 0)
        samples = addSample(samples, { at: now, bytes: sentBytes }, RATE_WINDOW_MILLIS)
        // One column spare: writing into the last one makes some terminals wrap, which breaks the line count.
        const columns = Math.max(40, (terminal.columns ?? 80) - 1)
        const inFlight = files.flatMap((file, index) =>
          started[index] === true && !isSent(index)
            ? [{ name: file.name, sent: sent[index] ?? 0, total: file.total }]
            : []
        )
        const lines = inFlight.slice(0, MAX_FILE_LINES).map((file) => fileLine(file, columns))
        lines.push(
          overallLine(
            {
              sent: sentBytes,
              total,
              bytesPerSecond: rateOf(samples),
              filesDone: files.filter((_, index) => isSent(index)).length,
              filesTotal: files.length
            },
            columns
          )
        )
        erase()
        terminal.write(`${lines.map((line) => line.slice(0, columns)).join("\n")}\n`)
        drawnLines = lines.length
      }

      const timer = setInterval(draw, REDRAW_MILLIS)
      // The timer must not keep the process alive on its own.
      timer.unref()
      draw()

      const stop = () => {
        if (stopped) return
        clearInterval(timer)
        erase()
        stopped = true
      }
      const display: Display = {
        progress: (index, progress) => {
          started[index] = true
          sent[index] = progress.bytesSent
        },
        print: (write) => {
          if (stopped) return write()
          erase()
          write()
          draw()
        },
        stop
      }
      return display
    }),
    (display) => Effect.sync(display.stop)
  )
