// chamber: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("submit", function (ev) {
  var f = ev.target;
  var q = f.getAttribute("data-confirm");
  if (q && !window.confirm(q)) {
    ev.preventDefault();
  }
});

// Live counts: a quorum box and motion results refresh every 3 seconds
// while the page is visible.
(function () {
  var box = document.querySelector("[data-quorum-url]");
  var motions = document.querySelectorAll("[data-result-url]");
  if (!box && motions.length === 0) {
    return;
  }
  function refresh() {
    if (document.hidden) {
      return;
    }
    if (box) {
      fetch(box.getAttribute("data-quorum-url"), { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (q) {
        if (!q) { return; }
        ["entitled", "present", "represented", "required"].forEach(function (k) {
          var el = box.querySelector('[data-q="' + k + '"]');
          if (el) { el.textContent = q[k]; }
        });
        var st = box.querySelector(".q-status");
        if (st) {
          st.textContent = q.quorate ? st.getAttribute("data-yes") : st.getAttribute("data-no");
          st.className = "q-status badge " + (q.quorate ? "on" : "off");
        }
      }).catch(function () {});
    }
    motions.forEach(function (m) {
      fetch(m.getAttribute("data-result-url"), { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (res) {
        if (!res) { return; }
        ["cast", "yes", "no", "abstain"].forEach(function (k) {
          var el = m.querySelector('[data-r="' + k + '"]');
          if (el && res[k] !== undefined) { el.textContent = res[k]; }
        });
      }).catch(function () {});
    });
  }
  setInterval(refresh, 3000);
})();

// An import job's progress bar polls GET /api/v1/jobs/{id} every second
// until the job ends, then reloads the page to show the outcome.
(function () {
  var box = document.querySelector("[data-job-url]");
  if (!box) { return; }
  var st = box.getAttribute("data-job-status");
  if (st !== "queued" && st !== "running") { return; }
  var bar = box.querySelector("[data-job-progress]");
  var count = box.querySelector("[data-job-count]");
  var timer = setInterval(function () {
    fetch(box.getAttribute("data-job-url"), { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (j) {
      if (!j) { return; }
      bar.max = j.total; bar.value = j.done;
      count.textContent = j.done + "/" + j.total;
      if (j.status === "done" || j.status === "failed") {
        clearInterval(timer);
        window.location.reload();
      }
    }).catch(function () {});
  }, 1000);
})();

// The voting page follows the sitting: it polls which questions are open
// for this browser's credential and reloads when that changes (the next
// motion opened, this one closed).
(function () {
  var box = document.querySelector("[data-vote-state]");
  if (!box) { return; }
  var shown = box.getAttribute("data-open");
  setInterval(function () {
    if (document.hidden) { return; }
    fetch(box.getAttribute("data-vote-state"), { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (st) {
      if (st && st.open !== shown) { window.location.reload(); }
    }).catch(function () {});
  }, 3000);
})();

// Print buttons (data-print): inline handlers are refused by the page's
// Content-Security-Policy.
document.addEventListener("click", function (ev) {
  var b = ev.target.closest && ev.target.closest("[data-print]");
  if (b) { ev.preventDefault(); window.print(); }
});

// Bulk selection (data-check-all="FORM"): the header box ticks every box of
// that form on the page, and [data-checked-count="FORM"] shows how many.
(function () {
  function boxes(form) { return document.querySelectorAll('input[type=checkbox][form="' + form + '"]'); }
  function count(form) {
    var n = 0;
    boxes(form).forEach(function (b) { if (b.checked) { n++; } });
    document.querySelectorAll('[data-checked-count="' + form + '"]').forEach(function (el) { el.textContent = n ? "(" + n + ")" : ""; });
  }
  document.addEventListener("change", function (ev) {
    var t = ev.target;
    var all = t.getAttribute && t.getAttribute("data-check-all");
    if (all) { boxes(all).forEach(function (b) { b.checked = t.checked; }); count(all); return; }
    var f = t.getAttribute && t.getAttribute("form");
    if (f && t.type === "checkbox") { count(f); }
  });
})();
