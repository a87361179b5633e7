/* Local preview only (GRIOT_LIVERELOAD): reload when a new build finished. */
(function () {
  var seen = null;
  function poll() {
    fetch("/build-id.txt", { cache: "no-store" }).then(function (r) { return r.text(); })
      .then(function (id) { if (seen !== null && id !== seen) location.reload(); seen = id; })
      .catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
