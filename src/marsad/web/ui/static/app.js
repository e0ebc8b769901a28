// marsad web UI: tooltips for highlighted spans (hover, focus or tap). The pages work without it.
"use strict";
(function () {
  var tip = document.getElementById("tip");
  if (!tip) { return; }
  var hideTimer = null;
  var current = null;

  function detailsFor(span) {
    var item = document.getElementById("ann-" + span.getAttribute("data-ann"));
    return item ? item.querySelector(".tipbody") : null;
  }

  function show(span) {
    var body = detailsFor(span);
    if (!body) { return; }
    clearTimeout(hideTimer);
    if (current) { current.classList.remove("active"); }
    current = document.getElementById("ann-" + span.getAttribute("data-ann"));
    current.classList.add("active");
    tip.replaceChildren(body.cloneNode(true));
    tip.dir = document.documentElement.dir;
    tip.hidden = false;
    var box = span.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.min(Math.max(window.scrollX + box.left, window.scrollX + 4),
                        window.scrollX + document.documentElement.clientWidth - width - 4);
    tip.style.left = left + "px";
    tip.style.top = (window.scrollY + box.bottom + 4) + "px";
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      tip.hidden = true;
      if (current) { current.classList.remove("active"); current = null; }
    }, 400);
  }

  function annOf(target) {
    return target && target.closest ? target.closest(".text .ann[data-ann]") : null;
  }

  document.addEventListener("mouseover", function (e) {
    var span = annOf(e.target);
    if (span) { e.stopPropagation(); show(innermost(e.target)); }
    else if (tip.contains(e.target)) { clearTimeout(hideTimer); }
  });
  document.addEventListener("mouseout", function (e) {
    if (annOf(e.target) || tip.contains(e.target)) { hideSoon(); }
  });
  document.addEventListener("focusin", function (e) {
    var span = annOf(e.target);
    if (span) { show(span); }
  });
  document.addEventListener("click", function (e) {
    var span = annOf(e.target);
    if (span) { show(innermost(e.target)); return; }  // tap on a phone
    if (!tip.contains(e.target)) { tip.hidden = true; }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { tip.hidden = true; }
  });

  function innermost(target) {
    // the innermost highlighted span under the pointer: an entity inside a quote wins
    return annOf(target);
  }
}());
