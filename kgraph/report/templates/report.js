// Filters for the findings: compare data-* values, toggle `hidden`; never build HTML.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var findings = document.querySelectorAll("article.finding");
  var groups = document.querySelectorAll(".finding-group");
  var shown = document.getElementById("shown-count");

  function checked(name) {
    var values = new Set();
    var boxes = form.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].name === name && boxes[i].checked) { values.add(boxes[i].value); }
    }
    return values;
  }

  function apply() {
    var types = checked("type");
    var severities = checked("severity");
    var doc = form.elements.namedItem("document").value;
    var count = 0;
    for (var i = 0; i < findings.length; i++) {
      var el = findings[i];
      var visible = types.has(el.dataset.type) && severities.has(el.dataset.severity) &&
        (doc === "" || el.dataset.documents.split(" ").indexOf(doc) !== -1);
      el.hidden = !visible;
      if (visible) { count++; }
    }
    // a heading whose findings are all hidden goes too
    for (var j = groups.length - 1; j >= 0; j--) {
      groups[j].hidden = groups[j].querySelector("article.finding:not([hidden])") === null;
    }
    shown.textContent = String(count);
  }

  // following a link to a closed document or a filtered-out finding: open it, show it
  function reveal() {
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (!target) { return; }
    if (target.tagName === "DETAILS") { target.open = true; }
    if (target.hidden && target.classList.contains("finding")) {
      form.reset();
      apply();
      target.scrollIntoView();
    }
  }

  window.addEventListener("hashchange", reveal);
  form.addEventListener("change", apply);
  document.getElementById("show-all").addEventListener("click", function () {
    form.reset();  // resets the controls at once (no change event), so filter right after
    apply();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
  reveal();
}());
