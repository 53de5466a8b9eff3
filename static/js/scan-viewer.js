// The page scan: OpenSeadragon deep zoom, and the 文字/扫描图 tabs used on narrow screens.
(function () {
  "use strict";
  var layout = document.querySelector("[data-scan-layout]");
  if (!layout) return;
  layout.classList.add("js-tabs");

  var tabs = layout.querySelectorAll("[role=tab]");
  function show(tab) {
    tabs.forEach(function (other) {
      var selected = other === tab;
      other.setAttribute("aria-selected", selected ? "true" : "false");
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).classList.toggle("tab-active", selected);
    });
  }
  tabs.forEach(function (tab, index) {
    tab.addEventListener("click", function () { show(tab); });
    tab.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      var next = tabs[(index + step + tabs.length) % tabs.length];
      show(next);
      next.focus();
    });
  });
  show(tabs[0]);

  var source = JSON.parse(document.getElementById("scan-tiles").textContent);
  var element = document.getElementById("scan-viewer");
  // Exposed for the browser tests (and for anyone scripting the page in the console).
  window.newsroomScanViewer = OpenSeadragon({
    element: element,
    prefixUrl: element.dataset.images,
    tileSources: source,
    showNavigator: true,
    navigatorPosition: "BOTTOM_RIGHT",
    visibilityRatio: 0.5,
    minZoomImageRatio: 0.8,
    maxZoomPixelRatio: 2,
    gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true },
  });
})();
