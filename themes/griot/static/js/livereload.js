/* Local preview only (GRIOT_LIVERELOAD): the preview pushes the id of each build that has
   finished writing (server-sent events); a new id means the page may have changed. When a save
   breaks the build, it pushes the problems (the lines of `invoke check`): they show over the last
   good site until a build succeeds. */
(function () {
  if (!window.EventSource) return;
  var seen = null;
  var events = new EventSource("/_griot/events");
  events.addEventListener("build", function (e) {
    if (seen !== null && e.data !== seen) location.reload();
    seen = e.data;
  });
  events.addEventListener("problems", function (e) {
    var lines = JSON.parse(e.data);
    var box = document.getElementById("griot-problems");
    if (!lines.length) {
      if (box) box.parentNode.removeChild(box);
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "griot-problems";
      box.setAttribute("role", "alert");
      document.body.insertBefore(box, document.body.firstChild);
    }
    var pre = document.createElement("pre");
    pre.textContent = lines.join("\n");
    box.textContent = "";
    box.appendChild(pre);
  });
})();
