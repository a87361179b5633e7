/* Quick exit, as GOV.UK designed it: the link works without JavaScript; with it, the page is
   blanked at once, then replaced (so Back does not return here). Shift pressed 3 times also exits.
   It does not erase browser history: the footer says so. */
(function () {
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    var cover = document.createElement("div");
    cover.className = "exit-overlay";
    document.body.appendChild(cover);
    document.title = "";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var presses = 0, timer;
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = 0; return; }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 1000);
    if (presses >= 3) { presses = 0; leave(); }
  });
  window.addEventListener("pageshow", function () {
    var cover = document.querySelector(".exit-overlay");
    if (cover) cover.parentNode.removeChild(cover);
  });
})();

/* The language chooser (/): go to the first of the browser's languages the site has. The
   links carry the languages: no inline script, which the Content-Security-Policy forbids. */
(function () {
  var links = document.querySelectorAll(".chooser a[hreflang]");
  if (!links.length) return;
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).split("-")[0].toLowerCase();
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute("hreflang") === code) { location.replace(links[j].href); return; }
    }
  }
})();
