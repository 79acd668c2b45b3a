/* Filter on the practice list (praktik/index.html).
 * The page itself lists at most a few hundred practices; this script reads every practice from
 * assets/data/praktik-indeks.js (a <script> defining window.KKS_PRAKTIK, so it also works over
 * file:// and without internet) and shows the matches of the chosen tatanan, province, region,
 * status and confidence. Filters are kept in the address (?tatanan=T9&status=berjalan) so a
 * filtered list can be linked. Text from data is only ever set with textContent. */
(function () {
  "use strict";
  var STATUS = ["berjalan", "berhenti"];
  var CONFIDENCE = ["tinggi", "sedang", "rendah"];
  var CONFIDENCE_LABEL = ["Tinggi", "Sedang", "Rendah"];

  function fold(text) {
    return String(text || "").toLocaleLowerCase("id").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function link(template, id) {
    return template.replace("__ID__", encodeURIComponent(id));
  }

  function cell(row, child) {
    var td = document.createElement("td");
    if (typeof child === "string") td.textContent = child; else if (child) td.appendChild(child);
    row.appendChild(td);
    return td;
  }

  function anchor(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function readForm(form) {
    var f = {};
    ["tatanan", "provinsi", "daerah", "status", "keyakinan", "q"].forEach(function (name) {
      f[name] = (form.elements[name].value || "").trim();
    });
    return f;
  }

  function matcher(f, regions) {
    var region = fold(f.daerah), query = fold(f.q);
    var status = STATUS.indexOf(f.status), confidence = CONFIDENCE.indexOf(f.keyakinan);
    return function (p) {
      var r = regions[p[2]];
      if (f.tatanan && p[3].indexOf(f.tatanan) < 0) return false;
      if (f.provinsi && r[2] !== f.provinsi) return false;
      if (region && r[0] !== f.daerah && fold(r[1]).indexOf(region) < 0) return false;
      if (status >= 0 && p[4] !== status) return false;
      if (confidence >= 0 && p[5] !== confidence) return false;
      if (query && fold(p[1]).indexOf(query) < 0) return false;
      return true;
    };
  }

  function render(root, data, f) {
    var max = parseInt(root.getAttribute("data-max"), 10) || 200;
    var practiceHref = root.getAttribute("data-praktik-href");
    var regionHref = root.getAttribute("data-daerah-href");
    var tbody = root.querySelector("tbody");
    var matches = data.praktik.filter(matcher(f, data.daerah));
    var frag = document.createDocumentFragment();
    matches.slice(0, max).forEach(function (p) {
      var r = data.daerah[p[2]];
      var tr = document.createElement("tr");
      var first = cell(tr, anchor(link(practiceHref, p[0]), p[1]));
      if (p[6]) {
        var badge = document.createElement("span");
        badge.className = "kks-badge kks-contoh-badge";
        badge.textContent = "contoh";
        first.appendChild(document.createTextNode(" "));
        first.appendChild(badge);
      }
      cell(tr, anchor(link(regionHref, r[0]), r[1]));
      cell(tr, p[3].join(", "));
      cell(tr, CONFIDENCE_LABEL[p[5]]);
      cell(tr, STATUS[p[4]]);
      frag.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(frag);
    var status = root.querySelector(".kks-filter-status");
    var shown = Math.min(matches.length, max);
    var active = Object.keys(f).some(function (k) { return f[k]; });
    var total = data.praktik.length;
    if (!active) {
      status.textContent = shown < total ? "Ditampilkan " + shown + " dari " + total +
        " praktik (urut daerah dan judul); saring untuk menemukan yang lain." : "Semua " + total + " praktik.";
    } else if (matches.length === 0) {
      status.textContent = "Tidak ada praktik yang cocok dengan saringan ini.";
    } else {
      status.textContent = (matches.length > shown ? "Ditampilkan " + shown + " dari " + matches.length : matches.length) +
        " praktik cocok (dari " + total + ")" + (matches.length > shown ? "; persempit saringan untuk melihat yang lain." : ".");
    }
  }

  function syncAddress(f) {
    var params = [];
    Object.keys(f).forEach(function (k) { if (f[k]) params.push(k + "=" + encodeURIComponent(f[k])); });
    try {  // file:// pages may refuse history changes; the filter works without them
      history.replaceState(null, "", location.pathname + (params.length ? "?" + params.join("&") : ""));
    } catch (e) { /* ignore */ }
  }

  function start() {
    var root = document.querySelector("[data-kks-filter]");
    var data = window.KKS_PRAKTIK;
    if (!root || !data) return;  // no data file: the page keeps its server-rendered list
    var form = root.querySelector("form.kks-filter");
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && params.has(el.name)) el.value = params.get(el.name);
    });
    var update = function () { var f = readForm(form); render(root, data, f); syncAddress(f); };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    form.hidden = false;
    root.setAttribute("data-kks-filter", "siap");
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
