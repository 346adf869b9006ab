/**
 * Content types for uploaded file parts. imagekit@6 let form-data pick them with `mime-types.lookup(fileName)`;
 * a small table of the types ImageKit users upload gives the same answers for those extensions without the
 * 200 KB mime database. The values are the ones mime-types 2.1.35 returns (e.g. `ico` →
 * `image/vnd.microsoft.icon`, `wav` → `audio/wave`), so uploads keep v6's `Content-Type`.
 */

export const DEFAULT_CONTENT_TYPE = "application/octet-stream"

const TYPES: ReadonlyMap<string, string> = new Map([
  // images
  ["jpg", "image/jpeg"],
  ["jpeg", "image/jpeg"],
  ["jpe", "image/jpeg"],
  ["png", "image/png"],
  ["apng", "image/apng"],
  ["gif", "image/gif"],
  ["webp", "image/webp"],
  ["avif", "image/avif"],
  ["svg", "image/svg+xml"],
  ["svgz", "image/svg+xml"],
  ["bmp", "image/bmp"],
  ["tif", "image/tiff"],
  ["tiff", "image/tiff"],
  ["ico", "image/vnd.microsoft.icon"],
  ["heic", "image/heic"],
  ["heif", "image/heif"],
  ["jp2", "image/jp2"],
  ["psd", "image/vnd.adobe.photoshop"],
  ["eps", "application/postscript"],
  ["ai", "application/postscript"],
  // video
  ["mp4", "video/mp4"],
  ["m4v", "video/x-m4v"],
  ["webm", "video/webm"],
  ["mov", "video/quicktime"],
  ["qt", "video/quicktime"],
  ["mkv", "video/x-matroska"],
  ["avi", "video/x-msvideo"],
  ["flv", "video/x-flv"],
  ["wmv", "video/x-ms-wmv"],
  ["3gp", "video/3gpp"],
  ["3g2", "video/3gpp2"],
  ["mpeg", "video/mpeg"],
  ["mpg", "video/mpeg"],
  ["ogv", "video/ogg"],
  ["ts", "video/mp2t"],
  ["m3u8", "application/vnd.apple.mpegurl"],
  ["mpd", "application/dash+xml"],
  // audio
  ["mp3", "audio/mpeg"],
  ["m4a", "audio/mp4"],
  ["aac", "audio/x-aac"],
  ["wav", "audio/wave"],
  ["ogg", "audio/ogg"],
  ["oga", "audio/ogg"],
  ["opus", "audio/ogg"],
  ["flac", "audio/x-flac"],
  ["weba", "audio/webm"],
  // documents, text, archives, fonts, 3D
  ["pdf", "application/pdf"],
  ["txt", "text/plain"],
  ["text", "text/plain"],
  ["md", "text/markdown"],
  ["json", "application/json"],
  ["html", "text/html"],
  ["htm", "text/html"],
  ["css", "text/css"],
  ["js", "application/javascript"],
  ["mjs", "application/javascript"],
  ["csv", "text/csv"],
  ["xml", "application/xml"],
  ["vtt", "text/vtt"],
  ["srt", "application/x-subrip"],
  ["rtf", "application/rtf"],
  ["doc", "application/msword"],
  ["docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ["xls", "application/vnd.ms-excel"],
  ["xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  ["ppt", "application/vnd.ms-powerpoint"],
  ["pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
  ["zip", "application/zip"],
  ["gz", "application/gzip"],
  ["tar", "application/x-tar"],
  ["rar", "application/vnd.rar"],
  ["7z", "application/x-7z-compressed"],
  ["woff", "font/woff"],
  ["woff2", "font/woff2"],
  ["ttf", "font/ttf"],
  ["otf", "font/otf"],
  ["glb", "model/gltf-binary"],
  ["gltf", "model/gltf+json"],
  ["usdz", "model/vnd.usdz+zip"]
])

/**
 * The extension the way mime-types finds it: `path.posix.extname("x." + fileName)`, lower-cased. The `"x."`
 * prefix is mime-types' own trick, so a bare `"png"` counts as an extension and `"dir/.png"` (a dotfile) does not.
 */
export const extensionOf = (fileName: string): string => {
  const text = `x.${fileName}`
  let end = text.length
  while (end > 1 && text.charCodeAt(end - 1) === 47) end--
  const base = text.slice(text.lastIndexOf("/", end - 1) + 1, end)
  const dot = base.lastIndexOf(".")
  return dot <= 0 ? "" : base.slice(dot + 1).toLowerCase()
}

/** The content type form-data would have chosen for a file part named `fileName`. */
export const contentTypeFor = (fileName: string): string => TYPES.get(extensionOf(fileName)) ?? DEFAULT_CONTENT_TYPE
