/* paper2book site: full-text search from file:// and over HTTP.

   Chromium runs no fetch() from file://, so the index comes in as <script> files
   that register their data (P2B.m meta, P2B.b a year's bigram shards, P2B.s a
   volume's unigram shards, P2B.a article starts, P2B.t article texts); see
   site/index.py and site/shards.py for their format and site/search.py
   for the same search in Python.  The result list is an interface:
   #results[data-total] holds one child per result, whose first link goes to the
   article (page?hl=terms#anchor) and reads its headline. */
(function () {
  "use strict";
  var P2B = window.P2B = window.P2B || {};
  var BASE = "_p2b/index/";
  var PER_PAGE = 20, SNIPPET_BEFORE = 20, SNIPPET_LENGTH = 80;
  var store = {meta: null, shards: {}, starts: {}, texts: {}};
  var parsed = {};
  P2B.m = function (m) { store.meta = m; };
  P2B.b = function (year, k, sections) { store.shards["b" + year + "-" + k] = sections; };
  P2B.s = function (vol, kind, k, text) { store.shards[vol + "/" + kind + k] = text; };
  P2B.a = function (vol, a) { store.starts[vol] = a; };
  P2B.t = function (vol, chunk) {
    Object.keys(chunk).forEach(function (n) { store.texts[vol + "/" + n] = chunk[n]; });
  };

  var loading = {};
  P2B.loaded = [];          // what the searches loaded, in order (for benchmarks)
  function load(src) {
    if (!loading[src]) {
      P2B.loaded.push(src);
      loading[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = function () { resolve(); };
        s.onerror = function () { reject(new Error("cannot load " + src)); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }

  function fnv1a(key) {
    var h = 0x811c9dc5;
    for (var ch of key) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h;
  }

  function parseShard(text, klen) {
    var map = new Map(), i = 0;
    while (i < text.length) {
      var j = i;
      for (var c = 0; c < klen; c++) {
        var code = text.charCodeAt(j);
        j += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      }
      var end = text.indexOf("|", j);
      map.set(text.slice(i, j), text.slice(j, end));
      i = end + 1;
    }
    return map;
  }

  // Postings (site/index.py): gaps in base 45, a number's last digit from the second
  // 45 of the 90 DIGITS, its others from the first.
  var DIGITS = "!#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{}~";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < DIGITS.length; d++) DIGIT[DIGITS.charCodeAt(d)] = d;
  function undelta(body) {
    var out = [], v = 0, n = 0;
    for (var i = 0; i < body.length; i++) {
      var c = DIGIT[body.charCodeAt(i)];
      if (c >= 45) { v += n * 45 + c - 45; out.push(v); n = 0; } else n = n * 45 + c;
    }
    return out;
  }

  // A bigram's shard holds the entries of every volume of its year (one section a
  // volume), a character's shard is its volume's own.
  function postings(vol, kind, key) {
    var year = vol.month.slice(0, 4);
    var file = kind === "b" ? "b" + year + "-" + (fnv1a(key) % store.meta.nb[year])
      : vol.id + "/u" + (fnv1a(key) % vol.nu);
    var name = kind === "b" ? file + "/" + vol.id : file;
    return load(BASE + file + ".js").then(function () {
      if (!parsed[name]) {
        var text = kind === "b" ? store.shards[file][vol.id] : store.shards[file];
        parsed[name] = parseShard(text || "", kind === "b" ? 2 : 1);
      }
      var body = parsed[name].get(key);
      return body ? undelta(body) : [];
    });
  }

  function offsets(length) {
    var out = [];
    for (var o = 0; o < length - 1; o += 2) out.push(o);
    if (out[out.length - 1] !== length - 2) out.push(length - 2);
    return out;
  }

  function bisect(list, x) {          // the last index whose value is <= x
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] <= x) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }

  function startsOf(vol) {
    return load(BASE + vol.id + "/a.js").then(function () { return store.starts[vol.id]; });
  }

  // The articles of a volume holding the term (a Set of article numbers).
  function termArticles(vol, term) {
    var cps = Array.from(term);
    if (cps.length === 1) return postings(vol, "u", term).then(function (list) { return new Set(list); });
    var offs = offsets(cps.length);
    return Promise.all(offs.map(function (o) { return postings(vol, "b", cps[o] + cps[o + 1]); }))
      .then(function (lists) {
        var at = new Set(lists[0]);
        for (var k = 1; k < lists.length && at.size; k++) {
          var next = new Set(), o = offs[k];
          lists[k].forEach(function (p) { if (at.has(p - o)) next.add(p - o); });
          at = next;
        }
        if (!at.size) return new Set();
        return startsOf(vol).then(function (s) {
          var arts = new Set();
          at.forEach(function (p) { arts.add(bisect(s.articles, p)); });
          return arts;
        });
      });
  }

  function volumeHits(vol, list) {
    return Promise.all(list.map(function (t) { return termArticles(vol, t); })).then(function (sets) {
      var hits = sets.reduce(function (a, b) {
        var out = new Set(); a.forEach(function (x) { if (b.has(x)) out.add(x); }); return out;
      });
      if (!hits.size) return [];
      return startsOf(vol).then(function (s) {
        var firsts = s.issues.map(function (i) { return i[1]; });
        return Array.from(hits).map(function (n) {
          return {vol: vol, n: n, date: s.issues[bisect(firsts, n)][0]};
        });
      });
    });
  }

  function compare(a, b) {
    if (a.date !== b.date) return a.date < b.date ? 1 : -1;
    if (a.vol.paper !== b.vol.paper) return a.vol.paper < b.vol.paper ? -1 : 1;
    return a.n - b.n;
  }

  function run(query, paper, year) {
    var list = P2B.terms(query);
    if (!list.length) return Promise.resolve({terms: list, hits: []});
    var vols = store.meta.volumes.filter(function (v) {
      return (!paper || v.paper === paper) && (!year || v.month.slice(0, 4) === String(year));
    });
    return Promise.all(vols.map(function (v) { return volumeHits(v, list); })).then(function (per) {
      var hits = [].concat.apply([], per);
      hits.sort(compare);
      return {terms: list, hits: hits};
    });
  }

  function snippet(text, list) {
    var spans = P2B.occurrences(P2B.fold(text), list);
    var first = spans.length ? spans[0][0] : 0;
    var start = Math.max(0, first - SNIPPET_BEFORE), end = Math.min(text.length, start + SNIPPET_LENGTH);
    var cut = text.slice(start, end).replace(/\n/g, " ");
    var prefix = start ? "…" : "";
    var marks = spans.filter(function (s) { return s[0] < end && s[1] > start; }).map(function (s) {
      return [Math.max(s[0], start) - start + prefix.length, Math.min(s[1], end) - start + prefix.length];
    });
    return {text: prefix + cut + (end < text.length ? "…" : ""), marks: marks};
  }

  function dateLabel(iso) {
    var p = iso.split("-");
    return +p[0] + "年" + +p[1] + "月" + +p[2] + "日";
  }

  function element(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render(hit, t, list) {
    var li = element("li", "result");
    var a = element("a", "result-title", t.h);
    a.href = encodeURI(t.u) + "?hl=" + encodeURIComponent(list.join(" ")) + "#" + encodeURIComponent(t.a);
    li.appendChild(a);
    li.appendChild(element("p", "result-meta", t.p + " · " + dateLabel(t.d) + " · " + t.l));
    var s = snippet(t.x, list);
    li.appendChild(P2B.marked(s.text, s.marks, element("p", "snippet")));
    return li;
  }

  function pageLink(params, page, label, current) {
    var p = new URLSearchParams(params);
    p.set("p", page);
    var a = element(current ? "span" : "a", current ? "current" : "", label);
    if (!current) a.href = "search.html?" + p.toString();
    return a;
  }

  function show() {
    var params = new URLSearchParams(location.search);
    var query = params.get("q") || "", paper = params.get("paper") || "", year = params.get("year") || "";
    var page = Math.max(1, parseInt(params.get("p"), 10) || 1);
    var input = document.getElementById("q"), status = document.getElementById("status");
    var results = document.getElementById("results"), pager = document.getElementById("pager");
    input.value = query;
    var pSel = document.getElementById("paper"), ySel = document.getElementById("year");
    if (pSel) pSel.value = paper;
    if (ySel) ySel.value = year;
    document.querySelectorAll(".site-search input[name=q]").forEach(function (i) { i.value = query; });
    if (!P2B.terms(query).length) {
      status.textContent = "输入要找的字词，多个词用空格隔开：文章须包含每一个词。";
      input.focus();
      return;
    }
    status.textContent = "正在搜索…";
    var started = performance.now();
    run(query, paper, year).then(function (found) {
      var hits = found.hits, from = (page - 1) * PER_PAGE, shown = hits.slice(from, from + PER_PAGE);
      return Promise.all(shown.map(textOf)).then(function (texts) {
        results.textContent = "";
        texts.forEach(function (t, k) { results.appendChild(render(shown[k], t, found.terms)); });
        results.start = from + 1;
        results.setAttribute("data-total", String(hits.length));
        results.hidden = false;
        var ms = Math.round(performance.now() - started);
        status.textContent = hits.length
          ? "找到 " + hits.length + " 篇文章（" + ms + " 毫秒），最新的在前" + (hits.length > PER_PAGE ? "；第 " + (from + 1) + "–" + (from + shown.length) + " 篇" : "") + "。"
          : "没有找到包含“" + found.terms.join(" ") + "”的文章。";
        pager.textContent = "";
        var pages = Math.ceil(hits.length / PER_PAGE);
        if (pages > 1) {
          if (page > 1) pager.appendChild(pageLink(params, page - 1, "← 上一页"));
          for (var k = Math.max(1, page - 4); k <= Math.min(pages, page + 4); k++) pager.appendChild(pageLink(params, k, String(k), k === page));
          if (page < pages) pager.appendChild(pageLink(params, page + 1, "下一页 →"));
        }
        // For benchmarks: the search alone, and since the page began to load.
        document.documentElement.setAttribute("data-search-ms", String(ms));
        document.documentElement.setAttribute("data-shown-ms", String(Math.round(performance.now())));
      });
    }).catch(function (e) {
      status.textContent = "搜索出错：" + e.message;
    });
  }

  function textOf(h) {
    return startsOf(h.vol).then(function (s) {
      return load(BASE + h.vol.id + "/t" + bisect(s.texts, h.n) + ".js");
    }).then(function () { return store.texts[h.vol.id + "/" + h.n]; });
  }

  // For scripts: every hit of a query as {url, headline, paper, date, label}, newest first.
  P2B.results = function (query, paper, year) {
    return run(query, paper, year).then(function (found) {
      return Promise.all(found.hits.map(textOf)).then(function (texts) {
        return texts.map(function (t) {
          return {url: t.u + "#" + t.a, headline: t.h, paper: t.p, date: t.d, label: t.l};
        });
      });
    });
  };
  P2B.ready = load(BASE + "meta.js");
  P2B.ready.then(show, function () {
    document.getElementById("status").textContent = "找不到搜索索引（_p2b/index/meta.js）。";
  });
})();
