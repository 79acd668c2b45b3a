/* Compare page (bandingkan.html): two to four regions side by side per tatanan.
 * Data: assets/data/bandingkan.js defines window.KKS_BANDINGKAN (loaded by a <script> tag, so the
 * page works over file:// and offline). Layout of the data: see macros/core/export.py
 * compare_data. The chosen regions are kept in the address: ?daerah=a,b,c&tatanan=T9.
 * Text from data is only ever set with textContent. */
(function () {
  "use strict";
  var CELL_MAX = 5;  // practices named in one cell; the rest are counted, linked via the region page

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function anchor(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function fill(template, value) {
    return template.replace(/__ID__|__kode__/, encodeURIComponent(value));
  }

  function Compare(root, data) {
    this.root = root;
    this.data = data;
    this.href = {
      praktik: root.getAttribute("data-praktik-href"),
      daerah: root.getAttribute("data-daerah-href"),
      indikator: root.getAttribute("data-indikator-href"),
      tatanan: root.getAttribute("data-tatanan-href")
    };
    this.form = root.querySelector("form");
    this.status = root.querySelector(".kks-bandingkan-status");
    this.out = root.querySelector(".kks-bandingkan-hasil");
    this.regionIndex = {};
    this.byRegion = data.daerah.map(function () { return []; });
    var self = this;
    data.daerah.forEach(function (r, i) { self.regionIndex[r[0]] = i; });
    data.praktik.forEach(function (p) { self.byRegion[p[2]].push(p); });
  }

  Compare.prototype.fillSelects = function () {
    var data = this.data;
    for (var n = 1; n <= 4; n++) {
      var select = this.form.elements["d" + n];
      data.daerah.forEach(function (r) {
        var label = r[1] + " (" + r[2] + ")" + (r[4] ? " [contoh]" : "");
        var option = el("option", "", label);
        option.value = r[0];
        select.appendChild(option);
      });
    }
  };

  Compare.prototype.defaults = function () {
    // With nothing in the address, start with the two regions that have the most practices.
    var self = this;
    var ranked = this.data.daerah.map(function (r, i) { return i; })
      .sort(function (a, b) { return self.byRegion[b].length - self.byRegion[a].length; });
    return ranked.slice(0, 2).map(function (i) { return self.data.daerah[i][0]; });
  };

  Compare.prototype.readAddress = function () {
    var params = new URLSearchParams(location.search);
    var ids = (params.get("daerah") || "").split(",").filter(function (id) { return id; });
    if (!ids.length) ids = this.defaults();
    for (var n = 1; n <= 4; n++) {
      var id = ids[n - 1];
      this.form.elements["d" + n].value = id && id in this.regionIndex ? id : "";
    }
    this.form.elements.tatanan.value = params.get("tatanan") || "";
    this.form.elements.semua.checked = params.get("semua") === "1";
  };

  Compare.prototype.chosen = function () {
    var seen = {}, out = [];
    for (var n = 1; n <= 4; n++) {
      var id = this.form.elements["d" + n].value;
      if (id && !seen[id] && id in this.regionIndex) {
        seen[id] = true;
        out.push(this.regionIndex[id]);
      }
    }
    return out;
  };

  Compare.prototype.writeAddress = function (regions) {
    var self = this;
    var params = ["daerah=" + regions.map(function (i) { return encodeURIComponent(self.data.daerah[i][0]); }).join(",")];
    if (this.form.elements.tatanan.value) params.push("tatanan=" + encodeURIComponent(this.form.elements.tatanan.value));
    if (this.form.elements.semua.checked) params.push("semua=1");
    try {  // file:// pages may refuse history changes; the comparison works without them
      history.replaceState(null, "", location.pathname + "?" + params.join("&"));
    } catch (e) { /* ignore */ }
  };

  Compare.prototype.cell = function (practices, score, region) {
    var td = el("td");
    if (score !== undefined) {
      var badge = el("span", "kks-skor", String(score));
      badge.title = "Nilai terakhir yang diketahui";
      td.appendChild(badge);
      td.appendChild(document.createTextNode(" "));
    }
    var self = this;
    practices.slice(0, CELL_MAX).forEach(function (p, k) {
      if (k) td.appendChild(el("br"));
      td.appendChild(anchor(fill(self.href.praktik, p[0]), p[1]));
      if (p[5]) {
        td.appendChild(document.createTextNode(" "));
        td.appendChild(el("span", "kks-badge kks-contoh-badge", "contoh"));
      }
    });
    if (practices.length > CELL_MAX) {
      td.appendChild(el("br"));
      td.appendChild(anchor(fill(self.href.daerah, region[0]), "+" + (practices.length - CELL_MAX) + " lagi"));
    }
    return td;
  };

  Compare.prototype.group = function (group, regions, showAll) {
    var self = this, data = this.data;
    // One foldable section per tatanan: four busy regions side by side over ten tatanan would make
    // a page of ten screens; the summary line says what each closed section holds.
    var section = el("details", "kks-bandingkan-tatanan");
    section.setAttribute("data-tatanan", group[0]);
    var head = el("summary");
    var h2 = el("h2");
    h2.id = "tatanan-" + group[0].toLowerCase();
    h2.appendChild(anchor(fill(this.href.tatanan, group[0].toLowerCase()), group[0] + " " + group[1]));
    head.appendChild(h2);
    section.appendChild(head);
    // practices of each chosen region in this tatanan, by indicator
    var cells = {}, loose = regions.map(function () { return []; }), counts = regions.map(function () { return 0; });
    var codes = {};
    group[2].forEach(function (ind) { codes[ind[0]] = true; });
    regions.forEach(function (ri, col) {
      self.byRegion[ri].forEach(function (p) {
        if (p[3].indexOf(group[0]) < 0) return;
        counts[col]++;
        var placed = false;
        p[4].forEach(function (code) {
          if (!codes[code]) return;
          placed = true;
          (cells[code + "|" + col] = cells[code + "|" + col] || []).push(p);
        });
        if (!placed) loose[col].push(p);
      });
    });
    var summary = el("p", "kks-meta", regions.map(function (ri, col) {
      return data.daerah[ri][1] + ": " + counts[col] + " praktik";
    }).join(" · "));
    head.appendChild(summary);
    section.practices = counts.reduce(function (a, b) { return a + b; }, 0);
    var table = el("table", "kks-table kks-matriks");
    head = el("tr");
    head.appendChild(el("th", "", "Indikator"));
    regions.forEach(function (ri) {
      var th = el("th");
      th.appendChild(anchor(fill(self.href.daerah, data.daerah[ri][0]), data.daerah[ri][1]));
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = el("tbody"), rows = 0, hidden = 0;
    group[2].forEach(function (ind) {
      var any = false, row = el("tr");
      row.setAttribute("data-indikator", ind[0]);
      var th = el("th");
      th.scope = "row";
      th.appendChild(anchor(fill(self.href.indikator, ind[0].toLowerCase().replace(".", "-")), ind[0]));
      th.appendChild(document.createTextNode(" "));
      // A break opportunity after each slash, as m.slashes does in the templates: names such as
      // "(BUMD/UPTD/BUMDES/POKMAS/BUKS/Swasta)" would otherwise break inside a word.
      th.appendChild(el("span", "kks-muted", ind[1].replace(/\//g, "/\u200B")));
      row.appendChild(th);
      regions.forEach(function (ri, col) {
        var practices = cells[ind[0] + "|" + col] || [];
        var score = data.daerah[ri][5][ind[0]];
        if (practices.length || score !== undefined) any = true;
        row.appendChild(self.cell(practices, score, data.daerah[ri]));
      });
      if (any || showAll) { tbody.appendChild(row); rows++; } else { hidden++; }
    });
    if (loose.some(function (list) { return list.length; })) {
      var row = el("tr");
      row.appendChild(el("th", "", "Tanpa indikator " + group[0] + " tertentu"));
      regions.forEach(function (ri, col) { row.appendChild(self.cell(loose[col], undefined, data.daerah[ri])); });
      tbody.appendChild(row);
      rows++;
    }
    table.appendChild(tbody);
    if (rows) {
      var wrap = el("div", "kks-table-wrap");
      wrap.appendChild(table);
      section.appendChild(wrap);
    }
    if (hidden) {
      section.appendChild(el("p", "kks-muted", rows
        ? hidden + " indikator lain tanpa praktik dan tanpa nilai untuk daerah terpilih tidak ditampilkan."
        : "Belum ada praktik atau nilai untuk daerah terpilih di tatanan ini."));
    }
    return section;
  };

  Compare.prototype.update = function () {
    var regions = this.chosen();
    this.out.textContent = "";
    if (regions.length < 2) {
      this.status.textContent = "Pilih paling sedikit dua daerah yang berbeda.";
      return;
    }
    this.writeAddress(regions);
    var only = this.form.elements.tatanan.value, showAll = this.form.elements.semua.checked;
    var frag = document.createDocumentFragment(), self = this, opened = false;
    this.data.tatanan.forEach(function (group) {
      if (only && only !== group[0]) return;
      var section = self.group(group, regions, showAll);
      // Open the chosen tatanan, or the first one where the chosen regions have practices.
      if (only || (!opened && section.practices)) { section.open = true; opened = true; }
      frag.appendChild(section);
    });
    this.out.appendChild(frag);
    this.status.textContent = "Membandingkan " + regions.map(function (ri) { return self.data.daerah[ri][1]; }).join(", ") +
      " (edisi kerangka " + this.data.edisi + ").";
  };

  function start() {
    var root = document.querySelector("[data-kks-bandingkan]");
    if (!root) return;
    var data = window.KKS_BANDINGKAN;
    var status = root.querySelector(".kks-bandingkan-status");
    if (!data) {
      status.textContent = "Data perbandingan (assets/data/bandingkan.js) tidak ditemukan; bangun ulang situs dengan 'kks build'.";
      return;
    }
    var compare = new Compare(root, data);
    compare.fillSelects();
    compare.readAddress();
    compare.form.addEventListener("change", function () { compare.update(); });
    compare.form.addEventListener("submit", function (e) { e.preventDefault(); compare.update(); });
    compare.form.hidden = false;
    // Printed, every tatanan is shown: a closed section would print as its title only.
    window.addEventListener("beforeprint", function () {
      root.querySelectorAll("details.kks-bandingkan-tatanan").forEach(function (d) { d.open = true; });
    });
    root.setAttribute("data-kks-bandingkan", "siap");
    compare.update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
