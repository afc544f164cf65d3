/* 大字·高对比: keeps the reader's choice from page to page.
 *
 * Without this file the switch still works on the page where it is chosen: the link
 * targets #a11y-large and the stylesheet matches :target. This file only remembers the
 * choice (localStorage, on this computer only, nothing is sent anywhere) and puts the
 * class a11y-large on <html> of every page, which the same style rules match;
 * 标准显示 clears it. */
(function () {
  "use strict";
  var KEY = "gongshi-a11y-large";
  var root = document.documentElement;

  function remembered() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (e) {
      return false;
    }
  }

  function remember(on) {
    try {
      if (on) {
        window.localStorage.setItem(KEY, "1");
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) {
      /* Storage refused (private mode, disabled): the page still switches. */
    }
  }

  function apply(on) {
    if (on) {
      root.classList.add("a11y-large");
    } else {
      root.classList.remove("a11y-large");
    }
  }

  function choose(on) {
    remember(on);
    apply(on);
  }

  if (window.location.hash === "#a11y-large") {
    choose(true);
  } else {
    apply(remembered());
  }

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest
      ? event.target.closest(".a11y-switch a")
      : null;
    if (link) {
      choose(link.classList.contains("a11y-on"));
    }
  });

  window.addEventListener("hashchange", function () {
    if (window.location.hash === "#a11y-large") {
      choose(true);
    }
  });

  /* Another tab or page changed the choice. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      apply(event.newValue === "1");
    }
  });
})();
