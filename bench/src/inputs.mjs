// The one input every library gets. The transformation sits in the path because that is the only position in
// which imagekit@6, @imagekit/nodejs@7 and ours produce the same bytes: in the query, v6 (and ours) form-encode
// `tr=w-400%2Ch-300` while v7 writes `tr=w-400,h-300`.
export const URL_ENDPOINT = "https://ik.imagekit.io/demo_account/"
export const PATH = "/products/summer/shoe-01.jpg"
export const PRIVATE_KEY = "private_bench_key_9f8e7d6c5b4a"
export const PUBLIC_KEY = "public_bench_key_1a2b3c4d5e6f"
export const EXPIRE_SECONDS = 300
export const TRANSFORMATION_POSITION = "path"

/** A fresh transformation per call, as an application building URLs in a loop would pass. */
export const steps = () => [{ width: 400, height: 300, quality: 80, format: "webp" }, { rotation: 90 }]

/**
 * The `buildSrc` input (issue 16): a two-step transformation, the second step a text overlay with a position and its
 * own styling, in js5's default position (the query). js5, v7 and ours write the same bytes for it.
 */
export const overlaySteps = () => [
  { width: 400, height: 300, quality: 80, format: "webp" },
  {
    overlay: {
      type: "text",
      text: "Summer sale",
      position: { x: 10, y: 20 },
      transformation: [{ fontSize: 40, fontColor: "FFFFFF" }]
    }
  }
]
