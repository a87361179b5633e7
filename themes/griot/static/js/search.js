/* Search with Pagefind: its script and the index of this page's language (Pagefind reads
   <html lang>) load only when the reader searches. Results are built as text (Pagefind's
   excerpt is parsed and only its text and <mark> are kept). Without JavaScript, the page
   lists the site's indexes instead. */
(function () {
  var form = document.querySelector("[data-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = document.querySelector("[data-search-results]");
  var status = document.querySelector("[data-search-status]");
  var engine = null;

  function load() {
    if (!engine) {
      engine = import(form.getAttribute("data-bundle") + "pagefind.js").then(function (pf) {
        return pf.options({ excerptLength: 24 }).then(function () { return pf; });
      });
    }
    return engine;
  }
  function excerpt(html) {
    var out = document.createElement("p");
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }
  function say(count) {
    var text = count === 0 ? form.getAttribute("data-none")
      : count === 1 ? form.getAttribute("data-one")
      : form.getAttribute("data-many").replace("{count}", count.toLocaleString(document.documentElement.lang));
    status.textContent = text;
  }
  function run(query) {
    list.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    load().then(function (pf) {
      return pf.search(query).then(function (found) {
        return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); }))
          .then(function (pages) {
            say(found.results.length);
            pages.forEach(function (data) {
              var item = document.createElement("li");
              var a = document.createElement("a");
              a.href = data.url;
              a.textContent = (data.meta && data.meta.title) || data.url;
              item.appendChild(a);
              item.appendChild(excerpt(data.excerpt || ""));
              list.appendChild(item);
            });
          });
      });
    }).catch(function () { status.textContent = form.getAttribute("data-unavailable"); });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    run(query);
  });
  var start = new URLSearchParams(location.search).get("q");
  if (start) { input.value = start; run(start); }
})();
