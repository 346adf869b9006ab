/**
 * The CommonJS entry: like `imagekit@6` (`module.exports = ImageKit`), `require("@effect-imagekit/promise")`
 * returns the class itself, which also carries `default` and `ImageKit` so every import style finds it.
 *
 * @since 0.1.0
 */
import { ImageKit, ImageKitRequestError } from "./ImageKit.js"

Object.defineProperties(ImageKit, {
  default: { value: ImageKit },
  ImageKit: { value: ImageKit },
  ImageKitRequestError: { value: ImageKitRequestError }
})

export = ImageKit
