/* Local preview only (GRIOT_LIVERELOAD): the preview pushes the id of each build that has
   finished writing (server-sent events); a new id means the page may have changed. */
(function () {
  if (!window.EventSource) return;
  var seen = null;
  var events = new EventSource("/_griot/events");
  events.addEventListener("build", function (e) {
    if (seen !== null && e.data !== seen) location.reload();
    seen = e.data;
  });
})();
