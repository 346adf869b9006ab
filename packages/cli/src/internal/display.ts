/**
 * The live progress display of `imagekit upload` on a terminal: one line per file being sent and an overall line,
 * redrawn in place every {@link REDRAW_MILLIS} by a fiber of the display's scope (progress callbacks come per chunk;
 * redrawing on each would cost more than the upload). Time comes from the Effect `Clock`, so a test steps the
 * redraws with the `TestClock`. The lines themselves come from `progress.ts`.
 *
 * A file's line shows its bar until its last byte is written (`uploadMany` reports bytes written), then "waiting for
 * the server" until its answer arrives ({@link Display.settle}, which also prints its result line above the
 * display). Once every byte is out the overall line says the same, instead of a rate falling towards zero.
 */
import type * as Upload from "@effect-imagekit/sdk/Upload"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import {
  addSample,
  fileLabels,
  fileLine,
  nameWidth,
  overallLine,
  rateOf,
  type Sample,
  waitingLine
} from "./progress.js"

export const REDRAW_MILLIS = 100
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
   * The answer for file `index` has come: runs `write` (which prints whole lines, e.g. the file's result on stdout)
   * with the display erased, then redraws it below them, so results scroll up while the live lines stay at the
   * bottom.
   */
  readonly settle: (index: number, write: () => void) => void
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
  Effect.gen(function* () {
    const sent = files.map(() => 0)
    const started = files.map(() => false)
    const settled = files.map(() => false)
    const total = files.some((file) => file.total === undefined)
      ? undefined
      : files.reduce((sum, file) => sum + (file.total ?? 0), 0)
    let samples: Array<Sample> = []
    let drawnLines = 0
    let stopped = false
    let labels: { readonly width: number; readonly names: ReadonlyArray<string> } | undefined

    /** Labels that keep the files apart at this width, worked out again only when the terminal is resized. */
    const labelsAt = (columns: number): ReadonlyArray<string> => {
      const width = nameWidth(columns)
      if (labels?.width !== width) {
        labels = {
          width,
          names: fileLabels(
            files.map((file) => file.name),
            width
          )
        }
      }
      return labels.names
    }

    const isSent = (index: number) => {
      const size = files[index]?.total
      return size !== undefined && (sent[index] ?? 0) >= size
    }

    const erase = () => {
      // Up to the first drawn line, then clear to the end of the screen.
      if (drawnLines > 0) terminal.write(`\x1b[${drawnLines}F\x1b[J`)
      drawnLines = 0
    }

    const render = () => {
      if (stopped) return
      // One column spare: writing into the last one makes some terminals wrap, which breaks the line count.
      const columns = Math.max(40, (terminal.columns ?? 80) - 1)
      const names = labelsAt(columns)
      const lines = files
        .flatMap((file, index) => {
          if (started[index] !== true || settled[index] === true) return []
          const line = { name: names[index] ?? file.name, sent: sent[index] ?? 0, total: file.total }
          return [isSent(index) ? waitingLine(line, columns) : fileLine(line, columns)]
        })
        .slice(0, MAX_FILE_LINES)
      lines.push(
        overallLine(
          {
            sent: sent.reduce((sum, bytes) => sum + bytes, 0),
            total,
            bytesPerSecond: rateOf(samples),
            filesDone: files.filter((_, index) => isSent(index)).length,
            filesTotal: files.length,
            awaiting: files.filter((_, index) => isSent(index) && settled[index] !== true).length
          },
          columns
        )
      )
      erase()
      terminal.write(`${lines.map((line) => line.slice(0, columns)).join("\n")}\n`)
      drawnLines = lines.length
    }

    // Every tick, changed or not: the rate and ETA must show a stall too.
    const tick = Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.sync(() => {
        const sentBytes = sent.reduce((sum, bytes) => sum + bytes, 0)
        samples = addSample(samples, { at: now, bytes: sentBytes }, RATE_WINDOW_MILLIS)
        render()
      })
    )

    const stop = () => {
      if (stopped) return
      erase()
      stopped = true
    }
    yield* Effect.addFinalizer(() => Effect.sync(stop))
    yield* tick.pipe(Effect.repeat(Schedule.spaced(Duration.millis(REDRAW_MILLIS))), Effect.forkScoped)

    const display: Display = {
      progress: (index, progress) => {
        started[index] = true
        sent[index] = progress.bytesSent
      },
      settle: (index, write) => {
        settled[index] = true
        if (stopped) return write()
        erase()
        write()
        render()
      },
      stop
    }
    return display
  })
