// storyline pages: small progressive enhancements, no build step. Every
// page works without this file.
"use strict";
document.addEventListener("keydown", function (ev) {
  // "/" focuses the search box, as on many sites; not while typing.
  if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  var t = ev.target;
  if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
  var box = document.getElementById("q") || document.getElementById("site-q");
  if (box) {
    ev.preventDefault();
    box.focus();
    box.select();
  }
});
