/* paper2book site: a query's terms and where they occur, as site/terms.py and
   site/search.py have them (one fold for text and query, code point for code point). */
(function () {
  "use strict";
  var P2B = window.P2B = window.P2B || {};
  // The reader's clean(): controls and noncharacters dropped, runs of space one space.
  var CONTROLS = /[\x00-\x08\x0a-\x1f\x7f\x80-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff]/g;
  var SPACES = /[\t\x0b\x0c\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  var PADDING = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t";
  var MAX_TERMS = 8, MAX_TERM = 64;

  function fold(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
      if (c >= 65 && c <= 90) c += 32;
      else if (PADDING.indexOf(s[i]) >= 0) c = 32;
      out.push(String.fromCharCode(c));
    }
    return out.join("");
  }

  function terms(query) {
    var parts = fold(String(query || "").replace(CONTROLS, "")).split(SPACES);
    var out = [];
    for (var i = 0; i < parts.length; i++) {
      var t = Array.from(parts[i]).slice(0, MAX_TERM).join("");
      // Cut at once, not after: each term is looked for among those kept.
      if (t && out.indexOf(t) < 0 && out.push(t) === MAX_TERMS) break;
    }
    return out;
  }

  // Every occurrence of every term in folded text, overlaps merged: [[start, end], …].
  function occurrences(folded, list) {
    var spans = [];
    list.forEach(function (t) {
      for (var i = folded.indexOf(t); i >= 0; i = folded.indexOf(t, i + 1)) spans.push([i, i + t.length]);
    });
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    spans.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    });
    return merged;
  }

  // Text with the spans wrapped in <mark>, as DOM nodes (never markup from text).
  function marked(text, spans, into) {
    var at = 0;
    spans.forEach(function (s) {
      if (s[0] > at) into.appendChild(document.createTextNode(text.slice(at, s[0])));
      var m = document.createElement("mark");
      m.className = "hit";
      m.textContent = text.slice(s[0], s[1]);
      into.appendChild(m);
      at = s[1];
    });
    if (at < text.length) into.appendChild(document.createTextNode(text.slice(at)));
    return into;
  }

  P2B.fold = fold;
  P2B.terms = terms;
  P2B.occurrences = occurrences;
  P2B.marked = marked;
})();
