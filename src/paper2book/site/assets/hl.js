/* paper2book site: an issue page opened from a search result (?hl=terms#article)
   marks every occurrence of the terms in that article. */
(function () {
  "use strict";
  var P2B = window.P2B || {};
  var query = new URLSearchParams(location.search).get("hl");
  if (!query || !P2B.terms) return;
  var list = P2B.terms(query);
  if (!list.length) return;
  var scope = null;
  if (location.hash.length > 1) {
    try { scope = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { scope = null; }
  }
  scope = scope || document.querySelector("main");
  if (!scope) return;
  var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  var nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  var first = null;
  nodes.forEach(function (node) {
    var spans = P2B.occurrences(P2B.fold(node.data), list);
    if (!spans.length) return;
    var frag = P2B.marked(node.data, spans, document.createDocumentFragment());
    first = first || frag.querySelector("mark");
    node.parentNode.replaceChild(frag, node);
  });
  // The browser scrolls to the article's anchor once the page has loaded; then, if the
  // first hit is still out of sight, it is brought to the middle of the screen.
  function reveal() {
    var r = first.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) first.scrollIntoView({block: "center"});
  }
  if (first && scope.tagName !== "MAIN") {
    if (document.readyState === "complete") setTimeout(reveal, 0);
    else window.addEventListener("load", function () { setTimeout(reveal, 0); });
  }
})();
