// Filters: severity, rule, file, "only segments with findings", suggestions in the text.
// Hides rows of the findings tables, un-highlights marks, hides files; keeps the state in the
// URL fragment (#sev=critical,major&rule=TERM001&file=2&flagged=1&sugg=0). No data comes from
// here: everything it reads is the page's own attributes.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var boxes = function (name) { return all("input[name='" + name + "']", form); };
  var values = function (name) { return boxes(name).filter(function (b) { return b.checked; }).map(function (b) { return b.value; }); };
  var fileSel = form.querySelector("select[name='file']");

  function fromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    ["sev", "rule"].forEach(function (name) {
      if (!params.has(name)) return;
      var want = params.get(name).split(",");
      boxes(name).forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
    });
    if (fileSel && params.has("file")) fileSel.value = params.get("file");
    if (params.has("flagged")) boxes("flagged").forEach(function (b) { b.checked = params.get("flagged") === "1"; });
    if (params.has("sugg")) boxes("sugg").forEach(function (b) { b.checked = params.get("sugg") !== "0"; });
  }

  function toHash() {
    var parts = [];
    var sev = values("sev"), rule = values("rule");
    if (sev.length !== boxes("sev").length) parts.push("sev=" + sev.join(","));
    if (rule.length !== boxes("rule").length) parts.push("rule=" + rule.join(","));
    if (fileSel && fileSel.value) parts.push("file=" + fileSel.value);
    if (values("flagged").length) parts.push("flagged=1");
    if (!values("sugg").length) parts.push("sugg=0");
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
  }

  function apply() {
    var sev = values("sev"), rule = values("rule"), file = fileSel ? fileSel.value : "";
    var ruleAll = !boxes("rule").length;
    var ok = function (el) { return sev.indexOf(el.dataset.sev) >= 0 && (ruleAll || rule.indexOf(el.dataset.rule) >= 0); };
    var shown = 0, total = 0;
    all("details.file").forEach(function (d) {
      d.hidden = !!file && d.dataset.file !== file;
      all("tr.finding", d).forEach(function (tr) {
        total += 1;
        tr.hidden = !ok(tr);
        if (!tr.hidden && !d.hidden) shown += 1;
      });
      all("mark.f", d).forEach(function (m) { m.classList.toggle("off", !ok(m)); });
      var flagged = values("flagged").length > 0;
      all("table.bitext tr.pair", d).forEach(function (tr) {
        tr.hidden = flagged && !tr.querySelector("mark.f:not(.off)");
      });
    });
    all("tr.file-row").forEach(function (tr) { tr.hidden = !!file && tr.dataset.file !== file; });
    document.body.classList.toggle("no-sugg", !values("sugg").length);
    var out = document.getElementById("shown");
    if (out) out.textContent = shown + " of " + total + " finding(s) shown";
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("change", function () { apply(); toHash(); });
  all("button[data-all], button[data-none]", form).forEach(function (b) {
    b.addEventListener("click", function () {
      var name = b.dataset.all || b.dataset.none;
      boxes(name).forEach(function (x) { x.checked = !!b.dataset.all; });
      apply(); toHash();
    });
  });
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  fromHash();
  apply();
})();
