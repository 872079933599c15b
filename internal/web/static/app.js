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
