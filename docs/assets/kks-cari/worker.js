/* Pustaka Praktik Baik KKS: the search worker behind Material's search box.
 *
 * It speaks Material's worker messages (SETUP with the index, READY, QUERY with the typed text,
 * RESULT with items grouped per page), so Material's search box, result list, keyboard use and
 * highlighting stay as they are; it replaces Material's lunr worker (macros/edge/search.py,
 * `use_worker`). The index is an inverted index of Indonesian stems built at build time by
 * macros/render/search_index.py; its docstring describes the format and the word rules, which
 * `words()` here must follow exactly (tests/test_search_browser.py checks both sides agree).
 *
 * A query: its words (function words dropped, unless the last word is still being typed), each
 * cut to its stem by the same Snowball Indonesian stemmer as the index (vendor/snowball-indonesian),
 * each matching every stem that starts with it (prefix search: `posyan` finds `posyandu`). A page
 * must match every word; when none does, pages matching some words are shown with the missing
 * words struck through, as Material does. Ranking: rarer stems weigh more, a whole stem more than
 * a prefix, a word in the title five times more.
 *
 * Runs as a Web Worker over http(s); over file:// the iframe-worker shim runs it in an iframe,
 * where importScripts returns a Promise and relative URLs resolve against the page: hence
 * `await importScripts(...)` and absolute URLs built from this script's own address.
 */
"use strict";
// One scope: the stemmer script loaded below defines globals of its own (stem, stemmer, ...).
(() => {

  const SELF_URL = (typeof document !== "undefined" && document.currentScript && document.currentScript.src)
    || self.location.href
  const FORMAT = 2
  const SHARD_DIR = "../../search/kks/"                // from assets/kks-cari/ to the site root
  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3   // Material's SearchMessageType
  const TITLE_WEIGHT = 5, PREFIX_WEIGHT = 0.5, HIGHLIGHTED = 200
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  const DIGIT = new Int8Array(128).fill(-1)
  for (let i = 0; i < B64.length; i++) DIGIT[B64.charCodeAt(i)] = i

  /* ---- words: the rules of macros/render/search_index.py (normalise, words) ---- */

  const APOSTROPHES = /['’‘ʼ`´]/g
  const MARKS = /\p{Mn}/gu
  const WORD = /[\p{L}\p{N}]+/gu

  function normalise(text) {
    return text.replace(APOSTROPHES, "").normalize("NFKD").replace(MARKS, "").toLowerCase()
  }

  function words(text) {
    return normalise(text).match(WORD) || []
  }

  let stemWord = null
  const stems = new Map()
  function stem(word) {
    let s = stems.get(word)
    if (s === undefined) {
      s = stemWord(word)
      stems.set(word, s)
    }
    return s
  }

  /* ---- the index ---- */

  let index = null

  function setup(data) {
    const kks = data.config && data.config.kks
    if (!kks || kks.format !== FORMAT)
      throw new Error(`indeks pencarian tidak dikenal (format ${kks && kks.format})`)
    const docs = data.docs
    const articles = new Map()           // page path -> number of its article entry
    docs.forEach((doc, n) => {
      const path = doc.location.split("#")[0]
      if (!doc.location.includes("#") || !articles.has(path)) articles.set(path, n)
    })
    index = {
      docs, articles, pages: kks.pages, stop: new Set(kks.stop),
      first: kks.shards.map(s => s[0]), files: kks.shards.map(s => s[1])
    }
  }

  /* Shards arrive as scripts calling kksShard(name, data): importScripts works in a worker over
   * http and, through the shim, in an iframe over file://. */
  const shards = new Map()
  self.kksShard = (name, data) => {
    shards.set(name, { terms: data.terms ? data.terms.split("\n") : [], post: data.post, head: data.head })
  }

  /* Numbers of the shards that can hold stems starting with `s`. */
  function shardsFor(s) {
    const { first } = index
    let lo = 0, hi = first.length           // last shard whose first stem is not after `s`
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (first[mid] <= s) lo = mid + 1
      else hi = mid
    }
    const out = [Math.max(0, lo - 1)]
    for (let j = lo; j < first.length && first[j].startsWith(s); j++) out.push(j)
    return first.length ? out : []
  }

  async function loadShards(numbers) {
    const missing = [...new Set(numbers)].map(n => index.files[n]).filter(name => !shards.has(name))
    if (missing.length)
      await importScripts(...missing.map(name => new URL(SHARD_DIR + name, SELF_URL).href))
  }

  /* Page numbers of one encoded list (see search_index.encode), passed one by one to `fn`. */
  function decode(code, fn) {
    if (!code) return
    if (code.charCodeAt(0) === 126) {                 // "~": bitset, 6 pages a character
      for (let i = 1; i < code.length; i++) {
        const bits = DIGIT[code.charCodeAt(i)]
        if (bits) for (let b = 0; b < 6; b++) if (bits & (1 << b)) fn((i - 1) * 6 + b)
      }
      return
    }
    let prev = -1, value = 0, shift = 0
    for (let i = 0; i < code.length; i++) {
      const digit = DIGIT[code.charCodeAt(i)]
      value |= (digit & 31) << shift
      if (digit & 32) { shift += 5; continue }
      prev += value + 1
      fn(prev)
      value = 0; shift = 0
    }
  }

  /* First position in the sorted terms not before `s`. */
  function lowerBound(terms, s) {
    let lo = 0, hi = terms.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (terms[mid] < s) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /* The query's words: [{word, stem}], function words dropped unless the last one is being typed. */
  function queryWords(query) {
    const all = words(query)
    const typing = !/\s$/.test(query)
    const out = []
    all.forEach((word, i) => {
      if (index.stop.has(word) && !(typing && i === all.length - 1)) return
      if (!out.some(w => w.word === word)) out.push({ word, stem: stem(word) })
    })
    return out
  }

  /* Score per page for one query word (0 = no match), and the stems it matched. */
  function matchWord(w) {
    const { pages } = index
    const score = new Float32Array(pages)
    const matched = new Set()
    for (const n of shardsFor(w.stem)) {
      const { terms, post, head } = shards.get(index.files[n])
      for (let i = lowerBound(terms, w.stem); i < terms.length && terms[i].startsWith(w.stem); i++) {
        const term = terms[i]
        matched.add(term)
        let df = 0
        decode(post[i], () => df++)
        const weight = Math.log(1 + pages / df) * (term === w.stem ? 1 : PREFIX_WEIGHT)
        decode(post[i], p => { if (score[p] < weight) score[p] = weight })
        decode(head[i], p => { if (score[p] < weight * TITLE_WEIGHT) score[p] = weight * TITLE_WEIGHT })
      }
    }
    return { score, matched }
  }

  /* ---- results ---- */

  const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#x27;": "'", "&#39;": "'" }
  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }
  const RAW_WORD = /[\p{L}\p{N}\p{M}'’‘ʼ`´]+/gu

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, c => ESCAPES[c])
  }

  /* Index text is HTML-escaped; mark every word whose stem was matched. */
  function highlight(escaped, matched) {
    const text = escaped.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, e => ENTITIES[e])
    let out = "", last = 0
    for (const m of text.matchAll(RAW_WORD)) {
      if (!words(m[0]).some(w => matched.has(stem(w)))) continue
      out += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>"
      last = m.index + m[0].length
    }
    return last ? out + escapeHtml(text.slice(last)) : escaped
  }

  async function search(query) {
    const qwords = queryWords(query)
    if (!qwords.length || !index.pages) return { items: [] }
    await loadShards(qwords.flatMap(w => shardsFor(w.stem)))
    const results = qwords.map(matchWord)
    const matched = new Set()
    results.forEach(r => r.matched.forEach(t => matched.add(t)))

    const total = new Float32Array(index.pages), count = new Uint8Array(index.pages)
    for (const { score } of results)
      for (let n = 0; n < score.length; n++)
        if (score[n] > 0) { total[n] += score[n]; count[n]++ }
    let hits = []
    for (let n = 0; n < count.length; n++) if (count[n] === qwords.length) hits.push(n)
    if (!hits.length && qwords.length > 1)            // no page has every word: show partial matches
      for (let n = 0; n < count.length; n++) if (count[n]) hits.push(n)
    // more words matched first, then score; the page order breaks ties
    hits.sort((a, b) => (count[b] - count[a]) || (total[b] - total[a]) || (a - b))

    const groups = new Map()
    hits.forEach((n, rank) => {
      const doc = index.docs[n]
      const terms = {}
      qwords.forEach((w, k) => {
        terms[w.word] = results[k].score[n] > 0
        // Material highlights these on the page opened (?h=): word starts, so add the stem too
        if (terms[w.word] && w.stem !== w.word && w.stem.length > 2) terms[w.stem] = true
      })
      const item = {
        location: doc.location,
        title: rank < HIGHLIGHTED ? highlight(doc.title, matched) : doc.title,
        text: rank < HIGHLIGHTED ? highlight(doc.text, matched) : doc.text,
        score: total[n] * (1 + count[n]), terms
      }
      const path = doc.location.split("#")[0]
      if (!groups.has(path)) groups.set(path, [])
      groups.get(path).push(item)
    })
    for (const [path, items] of groups) {               // every group needs its page's article
      if (items.some(item => !item.location.includes("#"))) continue
      const n = index.articles.get(path)
      const doc = n === undefined ? null : index.docs[n]
      if (doc && doc.location === path) items.push({ ...doc, score: 0, terms: {} })
    }
    return { items: [...groups.values()] }
  }

  /* ---- messages ---- */

  async function handle(message) {
    switch (message.type) {
      case SETUP:
        if (!stemWord) {
          self.exports = {}                 // vendor/snowball-indonesian/stemmer.js is CommonJS
          await importScripts(new URL("../vendor/snowball-indonesian/stemmer.js", SELF_URL).href)
          stemWord = self.exports.stemmer
        }
        setup(message.data)
        return { type: READY }
      case QUERY:
        try {
          return { type: RESULT, data: await search(message.data) }
        } catch (err) {
          console.warn("Pencarian gagal:", message.data, err)
          return { type: RESULT, data: { items: [] } }
        }
      default:
        throw new TypeError("Jenis pesan tidak dikenal")
    }
  }

  // One message at a time, in order: a query waiting for its shards is answered before the next
  // one, so an older result never replaces a newer one. A failed setup (an index of another
  // format) is reported and leaves the box "preparing"; the queue goes on.
  let queue = Promise.resolve()
  addEventListener("message", ev => {
    queue = queue.then(() => handle(ev.data))
      .then(reply => postMessage(reply), err => console.error("Pencarian:", err))
  })

  // For tests/test_search_browser.py: the word rules, to compare with the build's.
  self.kksCari = { normalise, words }
})()
