/* 站内搜索: the search box of every page.
 *
 * Without this file the box is a link to the list of every notice. With it, the box
 * searches the index gongshi wrote into search/ as the reader types. The index is a
 * set of small script files (search/meta.js, search/t/N.js, search/d/N.js) loaded with
 * <script>, not fetch(), so search also works from a folder opened on disk (file://).
 * Nothing is sent anywhere: the files come from the same site.
 *
 * A query is cut into terms as src/render/search/terms.rs cuts the text it indexes:
 * a run of Han characters into pairs (one character alone when the run is one), a run
 * of letters and digits as itself (at most 12 characters). Every term must be found
 * (and every chosen filter, which is a term too). Results come in the index's order:
 * regions, then newest first. */
(function () {
  "use strict";
  var form = document.querySelector(".site-search");
  if (!form || !document.createElement("div").addEventListener) {
    return;
  }
  var root = form.getAttribute("data-root") || "";
  var base = root + "search/";
  var PAGE = 20;
  var meta = null;
  var data = { t: {}, d: {} };
  var loads = {};
  var asked = 0;

  window.gongshiSearch = {
    meta: function (m) { meta = m; },
    shard: function (n, terms) { data.t[n] = terms; },
    docs: function (n, rows) { data.d[n] = rows; }
  };

  /* Loads search/PATH once; calls back when it ran (or failed: then its data is
   * missing and counts as empty). */
  function load(path, key, done) {
    var entry = loads[key];
    if (entry === true) { done(); return; }
    if (entry) { entry.push(done); return; }
    loads[key] = [done];
    var s = document.createElement("script");
    s.src = base + path;
    s.onload = s.onerror = function () {
      var waiting = loads[key];
      loads[key] = true;
      for (var i = 0; i < waiting.length; i++) { waiting[i](); }
    };
    document.head.appendChild(s);
  }

  function loadAll(items, done) {
    var left = items.length;
    if (!left) { done(); return; }
    items.forEach(function (it) {
      load(it[0], it[1], function () { left -= 1; if (!left) { done(); } });
    });
  }

  function isHan(c) {
    var n = c.charCodeAt(0);
    return (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xf900 && n <= 0xfaff) || c === "\u3007";
  }

  function fold(c) {
    var n = c.charCodeAt(0);
    if (n >= 0xff01 && n <= 0xff5e) { c = String.fromCharCode(n - 0xfee0); }
    return c.toLowerCase();
  }

  /* The terms of a query. */
  function queryTerms(q) {
    var terms = [];
    var han = "";
    var ascii = "";
    function endHan() {
      if (han.length === 1) { terms.push(han); }
      for (var i = 0; i + 1 < han.length; i += 2) { terms.push(han.substr(i, 2)); }
      if (han.length > 2 && han.length % 2 === 1) { terms.push(han.substr(han.length - 2)); }
      han = "";
    }
    function endAscii() {
      if (ascii.length >= 2) { terms.push(ascii.substr(0, 12)); }
      ascii = "";
    }
    for (var i = 0; i <= q.length; i++) {
      var c = i < q.length ? fold(q.charAt(i)) : " ";
      if (isHan(c)) { endAscii(); han += c; }
      else if (/[a-z0-9]/.test(c)) { endHan(); ascii += c; }
      else { endAscii(); endHan(); }
    }
    return terms;
  }

  function shardOf(term) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % meta.shards;
  }

  var LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef";

  /* The document numbers of a posting string, ascending. */
  function decode(p) {
    var ids = [];
    if (!p) { return ids; }
    if (p.charAt(0) === "!") {
      for (var i = 1; i < p.length; i++) {
        var b = LETTERS.indexOf(p.charAt(i));
        for (var k = 0; k < 5; k++) {
          if (b & (1 << k)) { ids.push((i - 1) * 5 + k); }
        }
      }
      return ids;
    }
    var last = 0;
    p.split(",").forEach(function (d) { last += parseInt(d, 36); ids.push(last); });
    return ids;
  }

  function intersect(a, b) {
    var out = [];
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; }
      else if (a[i] < b[j]) { i++; } else { j++; }
    }
    return out;
  }

  /* ---- the box and the results panel ---- */

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) { if (attrs.hasOwnProperty(k)) { e.setAttribute(k, attrs[k]); } }
    if (text) { e.textContent = text; }
    return e;
  }

  var fallback = form.querySelector("a");
  var label = el("label", { "for": "site-search-q", "class": "search-label" }, "站内搜索");
  var input = el("input", {
    id: "site-search-q", type: "search", name: "q", autocomplete: "off",
    placeholder: "村名、项目、文号、年份……", "aria-controls": "site-search-results"
  });
  form.insertBefore(label, fallback);
  form.insertBefore(input, fallback);
  form.classList.add("search-ready");

  var panel = el("section", { id: "site-search-results", "class": "search-panel wrap", "aria-label": "搜索结果" });
  panel.hidden = true;
  var filterBox = el("div", { "class": "search-filters" });
  var status = el("p", { "class": "search-status", role: "status", "aria-live": "polite" });
  var list = el("ol", { "class": "search-list" });
  var more = el("button", { type: "button", "class": "search-more" }, "显示更多");
  more.hidden = true;
  panel.appendChild(filterBox);
  panel.appendChild(status);
  panel.appendChild(list);
  panel.appendChild(more);
  var main = document.getElementById("main");
  main.parentNode.insertBefore(panel, main);

  var selects = {};
  function select(name, text, options) {
    var id = "site-search-" + name;
    var wrap = el("span", { "class": "search-filter" });
    wrap.appendChild(el("label", { "for": id }, text));
    var s = el("select", { id: id });
    s.appendChild(el("option", { value: "" }, "全部"));
    options.forEach(function (o) { s.appendChild(el("option", { value: o[0] }, o[1])); });
    s.addEventListener("change", function () {
      if (name === "township") { fillVillages(); }
      run();
    });
    wrap.appendChild(s);
    filterBox.appendChild(wrap);
    selects[name] = s;
    return s;
  }

  function children(parent) {
    return meta.regions.filter(function (r) { return r[2] === parent; });
  }

  function fillVillages() {
    var s = selects.village;
    while (s.options.length > 1) { s.remove(1); }
    var t = selects.township.value;
    children(t).forEach(function (r) { s.appendChild(el("option", { value: r[0] }, r[1])); });
    s.disabled = !t;
  }

  function buildFilters() {
    var tops = meta.regions.filter(function (r) { return !r[2]; });
    var townships = [];
    tops.forEach(function (top) { townships = townships.concat(children(top[0])); });
    select("township", "乡镇", townships.map(function (r) { return [r[0], r[1]]; }));
    select("village", "村", []);
    fillVillages();
    var pairs = function (xs) { return xs.map(function (x) { return [x, x]; }); };
    select("year", "年份", pairs(meta.years));
    select("kind", "类别", pairs(meta.kinds));
    select("stage", "层级", pairs(meta.stages));
    select("status", "状态", pairs(meta.statuses));
  }

  function filterTerms() {
    var t = [];
    var place = selects.village.value || selects.township.value;
    if (place) { t.push("#r" + place); }
    if (selects.year.value) { t.push("#y" + selects.year.value); }
    if (selects.kind.value) { t.push("#k" + selects.kind.value); }
    if (selects.stage.value) { t.push("#g" + selects.stage.value); }
    if (selects.status.value) { t.push("#s" + selects.status.value); }
    return t;
  }

  var found = [];
  var shown = 0;

  function run() {
    var ask = ++asked;
    var words = queryTerms(input.value);
    var terms = words.concat(meta ? filterTerms() : []);
    if (!input.value.trim() && terms.length === 0) {
      panel.hidden = true;
      return;
    }
    panel.hidden = false;
    if (!words.length && input.value.trim() && !terms.length) {
      showStatus("请多输入一个字母或数字");
      return;
    }
    showStatus("正在搜索……");
    var shards = {};
    terms.forEach(function (t) { shards[shardOf(t)] = true; });
    var items = Object.keys(shards).map(function (n) {
      return ["t/" + n + ".js?v=" + meta.version, "t" + n];
    });
    loadAll(items, function () {
      if (ask !== asked) { return; }
      var ids = null;
      for (var i = 0; i < terms.length; i++) {
        var posting = (data.t[shardOf(terms[i])] || {})[terms[i]];
        var these = decode(posting);
        ids = ids === null ? these : intersect(ids, these);
      }
      found = ids || [];
      shown = 0;
      list.textContent = "";
      if (!found.length) {
        showStatus("没有找到“" + input.value.trim() + "”" + (filterTerms().length ? "（在所选范围内）" : "") + "。户主姓名、身份证号等名单内容不在搜索范围内。");
        more.hidden = true;
        return;
      }
      showStatus("找到 " + found.length + " 条，按日期排列");
      showMore(ask);
    });
  }

  function showMore(ask) {
    var next = found.slice(shown, shown + PAGE);
    var chunks = {};
    next.forEach(function (id) { chunks[Math.floor(id / meta.chunk)] = true; });
    var items = Object.keys(chunks).map(function (n) {
      return ["d/" + n + ".js?v=" + meta.version, "d" + n];
    });
    loadAll(items, function () {
      if (ask !== asked) { return; }
      next.forEach(function (id) {
        var row = (data.d[Math.floor(id / meta.chunk)] || [])[id % meta.chunk];
        if (row) { list.appendChild(resultItem(row)); }
      });
      shown += next.length;
      more.hidden = shown >= found.length;
    });
  }

  /* [kind, title, url, label, place, date, status] */
  function resultItem(row) {
    var li = el("li", { "class": "search-hit search-" + row[0] });
    var a = el("a", { href: root + row[2] }, row[1]);
    li.appendChild(a);
    /* An announcement's status is its kind (公告): said once. */
    var bits = [row[3], row[4], row[5], row[6] === row[3] ? "" : row[6]]
      .filter(function (x) { return x; });
    li.appendChild(el("span", { "class": "search-meta" }, bits.join(" · ")));
    return li;
  }

  function showStatus(text) { status.textContent = text; }

  var timer = 0;
  function start(then) {
    if (meta) { then(); return; }
    /* Never cached stale: the version inside names the shard files' version. */
    load("meta.js?t=" + Date.now(), "meta", function () {
      if (!meta) {
        panel.hidden = false;
        showStatus("搜索索引没有找到（search/meta.js）。请打开“全部公示公告”列表查找。");
        return;
      }
      if (!selects.year) { buildFilters(); }
      then();
    });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { start(run); }, 60);
  });
  input.addEventListener("focus", function () { start(function () {}); });
  form.addEventListener("submit", function (e) { e.preventDefault(); start(run); });
  more.addEventListener("click", function () { showMore(asked); });
  /* A link to any page with ?q=… opens it searching. */
  var given = /[?&]q=([^&]*)/.exec(window.location.search);
  if (given) {
    try { input.value = decodeURIComponent(given[1].replace(/\+/g, " ")); } catch (e) { input.value = ""; }
    start(run);
  }
}());
