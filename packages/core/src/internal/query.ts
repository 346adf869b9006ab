/**
 * A minimal `URLSearchParams` replacement with the same bytes: `application/x-www-form-urlencoded`
 * serialisation and the `set` rule (replace the first pair in place, drop later duplicates). Building the
 * string directly avoids allocating a `URLSearchParams` per URL, which dominated v6's cost.
 */

/** Ordered `[name, value]` pairs, flattened: names at even indices, values at odd ones. */
export type Pairs = Array<string>

const SAFE = /^[A-Za-z0-9*\-._]*$/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const FORM_EXTRAS = /[!'()~]/g
const SPACE = /%20/g

const escapeExtra = (char: string): string => `%${char.charCodeAt(0).toString(16).toUpperCase()}`

/** WebIDL `USVString` conversion: lone surrogates become U+FFFD, as `URLSearchParams` does. */
export const toWellFormed = (text: string): string => text.replace(LONE_SURROGATE, "\uFFFD")

/** Form-encodes one name or value exactly like `URLSearchParams#toString`. */
export const formEncode = (text: string): string => {
  if (SAFE.test(text)) return text
  return encodeURIComponent(toWellFormed(text)).replace(FORM_EXTRAS, escapeExtra).replace(SPACE, "+")
}

/** Parses a query string (with or without its leading `?`) into pairs, like `new URLSearchParams(q)`. */
export const parse = (search: string): Pairs => {
  const pairs: Pairs = []
  if (search === "" || search === "?") return pairs
  // URLSearchParams decodes with the platform's own rules; reuse it once per distinct base URL.
  new URLSearchParams(search).forEach((value, name) => {
    pairs.push(name, value)
  })
  return pairs
}

/** `URLSearchParams#set`: replace the first pair named `name`, remove the others, or append. */
export const set = (pairs: Pairs, name: string, value: string): void => {
  let found = false
  for (let index = 0; index < pairs.length; ) {
    if (pairs[index] === name) {
      if (found) {
        pairs.splice(index, 2)
        continue
      }
      pairs[index + 1] = value
      found = true
    }
    index += 2
  }
  if (!found) pairs.push(name, value)
}

/** Serialises pairs without the leading `?`; `""` when there are none. */
export const serialize = (pairs: Pairs): string => {
  let out = ""
  for (let index = 0; index < pairs.length; index += 2) {
    if (index > 0) out += "&"
    out += `${formEncode(pairs[index] as string)}=${formEncode(pairs[index + 1] as string)}`
  }
  return out
}
