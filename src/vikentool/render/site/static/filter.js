// The front page's filter: narrows the list by kind, scheme and text as you type. Without
// JavaScript the form stays hidden and the whole list shows.
// Text is folded the way the command line's --search folds it (query/text.py: fold), so
// "naering" finds "Næring": the page carries each entry's folded text in data-search.
(function () {
  "use strict";
  var form = document.getElementById("_filter");
  if (!form) { return; }
  var kind = document.getElementById("_kind");
  var scheme = document.getElementById("_scheme");
  var text = document.getElementById("_text");
  var count = document.getElementById("_count");
  var entries = Array.prototype.slice.call(document.querySelectorAll("li.entry"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));

  function fold(value) {
    return value.toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a")
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function matches(needle, haystack) {
    if (haystack.indexOf(needle) !== -1) { return true; }
    return haystack.replace(/ae/g, "a").indexOf(needle.replace(/ae/g, "a")) !== -1;
  }

  function apply() {
    var wantKind = kind.value;
    var wantScheme = scheme.value;
    var needle = fold(text.value.trim());
    var shown = 0;
    entries.forEach(function (entry) {
      var visible = (!wantKind || entry.dataset.kind === wantKind) &&
        (!wantScheme || entry.dataset.scheme === wantScheme) &&
        (!needle || matches(needle, entry.dataset.search));
      entry.hidden = !visible;
      if (visible) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("li.entry:not([hidden])");
    });
    count.textContent = count.dataset.template
      .replace("{shown}", String(shown)).replace("{total}", count.dataset.total);
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  [kind, scheme].forEach(function (control) { control.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  apply();
}());
