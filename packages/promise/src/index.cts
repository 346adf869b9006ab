/**
 * The CommonJS entry: like `imagekit@6` (`module.exports = ImageKit`), `require("@effect-imagekit/promise")`
 * returns the class itself, which also carries `default`, `ImageKit` and `ImageKitRequestError` so every import
 * style finds them.
 *
 * @since 0.1.0
 */
import Adapter = require("./ImageKit.js")

const { ImageKit, ImageKitRequestError } = Adapter

Object.defineProperties(ImageKit, {
  default: { value: ImageKit },
  ImageKit: { value: ImageKit },
  ImageKitRequestError: { value: ImageKitRequestError }
})

export = ImageKit
