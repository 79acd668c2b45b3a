/* Pustaka Praktik Baik KKS: the search box of the normal edition opened from disk (file://).
 * Material then loads search/search_index.js, which only the offline edition has (kks publish
 * --offline); without it the box would say "Mempersiapkan pencarian" for ever. When that script
 * fails to load, the box says why instead. Error events of scripts do not bubble: listen while
 * they are captured. */
"use strict";
(() => {
  if (location.protocol !== "file:") return
  document.addEventListener("error", ev => {
    const el = ev.target
    if (!(el instanceof HTMLScriptElement) || !/\/search\/search_index\.js([?#]|$)/.test(el.src)) return
    const meta = document.querySelector(".md-search-result__meta")
    if (meta)
      meta.textContent = "Pencarian memerlukan edisi luring bila situs dibuka langsung dari disk. " +
        "Buka situs lewat server web, atau minta pengelola situs menerbitkan edisi luring."
  }, true)
})()
