// URL building and responsive attributes computed from the built core: the browser page (page.mjs, bundled) and
// Node (scripts/browser-test.mjs) both call `urlCases` and must get the same JSON. Odd inputs on purpose: non-ASCII
// paths, spaces, a query already present, chained and typed transformations, path and query positions.
import { getResponsiveImageAttributes } from "../../dist/Responsive.js"
import { buildSrc } from "../../dist/Src.js"
import { build } from "../../dist/Url.js"

export const urlCases = (urlEndpoint) => ({
  url: build({
    urlEndpoint,
    path: "/défaut image.jpg",
    transformation: [{ height: 300, width: 400 }, { rotation: 90 }]
  }),
  urlQuery: build({
    urlEndpoint,
    path: "/a b/ü.png",
    transformation: [{ width: 120, effectSharpen: "-" }],
    transformationPosition: "query",
    queryParameters: { v: 2, "x y": "é" }
  }),
  src: buildSrc({
    urlEndpoint,
    src: "/photos/cat.jpg?v=1",
    transformation: [{ width: 300, height: 200, crop: "at_max" }]
  }),
  srcPath: buildSrc({
    urlEndpoint,
    src: "/photos/cat.jpg",
    transformation: [{ width: 300 }, { overlay: { type: "text", text: "Größe & ?#" } }],
    transformationPosition: "path"
  }),
  responsiveWidth: getResponsiveImageAttributes({ urlEndpoint, src: "/photos/cat.jpg", width: 400 }),
  responsiveSizes: getResponsiveImageAttributes({
    urlEndpoint,
    src: "/photos/cat.jpg",
    sizes: "(min-width: 768px) 50vw, 100vw",
    transformation: [{ quality: 80 }]
  })
})
