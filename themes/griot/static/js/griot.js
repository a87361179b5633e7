/* Quick exit, after GOV.UK's "Exit this page": the link works without JavaScript; with it, the
   page is blanked at once, then replaced. Shift pressed 3 times within 5 seconds also leaves
   (each press shown on the button and announced). Back must not show this site again: the tab
   remembers (sessionStorage, never a cookie) where the reader went, and a page reached by Back
   or Forward sends them there again before it is painted (the inline script in <head>), or
   when it comes back from the back-forward cache (pageshow). It does not erase history. */
(function () {
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  var status = document.querySelector("[data-exit-status]");
  var dots = document.createElement("span");
  dots.className = "exit-presses";
  dots.setAttribute("aria-hidden", "true");
  dots.innerHTML = "<i></i><i></i><i></i>";
  link.appendChild(dots);
  var presses = 0, timer = 0, alone = false;

  function cover() {
    var blank = document.createElement("div");
    blank.className = "exit-overlay";
    document.body.appendChild(blank);
  }
  function leave(event) {
    if (event) event.preventDefault();
    cover();
    document.title = "";
    try { sessionStorage.setItem("griot-exit", link.href); } catch (e) { /* private mode */ }
    window.location.replace(link.href);
  }
  function show(count, message) {
    presses = count;
    link.setAttribute("data-presses", String(count));
    if (status) status.textContent = message || "";
  }
  link.addEventListener("click", leave);
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || !alone) return;
    alone = false;
    clearTimeout(timer);
    var count = presses + 1;
    if (count >= 3) { show(3, link.getAttribute("data-leaving")); leave(); return; }
    show(count, link.getAttribute("data-press-" + count));
    timer = setTimeout(function () { show(0, link.getAttribute("data-reset")); }, 5000);
  });
  // Only a Shift pressed and released alone counts; any other key starts the count again
  // (Shift+A is typing a capital, not leaving).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") { alone = !event.repeat; return; }
    alone = false;
    if (presses) { clearTimeout(timer); show(0, ""); }
  });
  window.addEventListener("pageshow", function (event) {
    var gone = null;
    try { gone = sessionStorage.getItem("griot-exit"); } catch (e) { /* private mode */ }
    if (event.persisted && gone) { cover(); window.location.replace(gone); return; }
    var blank = document.querySelector(".exit-overlay");
    if (blank) blank.parentNode.removeChild(blank);
    clearTimeout(timer);
    show(0, "");
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

/* Sharing: the links work alone; where the phone can share natively, or copy, offer it too. */
(function () {
  var box = document.querySelector("[data-share]");
  if (!box) return;
  var url = box.getAttribute("data-url"), title = box.getAttribute("data-title");
  var more = box.querySelector(".share-more");
  var native = box.querySelector("[data-share-native]");
  var copy = box.querySelector("[data-copy-link]");
  var status = box.querySelector("[data-share-status]");
  var offered = false;
  if (navigator.share) {
    offered = true;
    native.addEventListener("click", function () {
      navigator.share({ title: title, url: url }).catch(function () { /* cancelled */ });
    });
  } else {
    native.parentNode.removeChild(native);
  }
  if (navigator.clipboard && window.isSecureContext) {
    offered = true;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        status.textContent = copy.getAttribute("data-copied");
      });
    });
  } else {
    copy.parentNode.removeChild(copy);
  }
  if (offered) more.hidden = false;
})();
