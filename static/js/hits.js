/* Step through the search matches marked in an article (<mark class="hit" id="hit-N">).
   Without this script the page still works: result links open at #hit-1, and the
   上一处/下一处 links go to the last and the first match. */
(function () {
  "use strict";
  var nav = document.querySelector(".hit-nav");
  var hits = Array.prototype.slice.call(document.querySelectorAll("mark.hit"));
  if (!nav || !hits.length) return;
  var status = nav.querySelector(".hit-status");
  var query = nav.getAttribute("data-query");
  var current = -1;

  function show(index, scroll) {
    if (current >= 0) hits[current].classList.remove("current");
    current = (index + hits.length) % hits.length;
    var hit = hits[current];
    hit.classList.add("current");
    if (scroll) hit.scrollIntoView({ block: "center" });
    history.replaceState(null, "", "#" + hit.id);
    status.textContent = "“" + query + "” 第 " + (current + 1) + "/" + hits.length + " 处";
  }

  function step(by) {
    return function (event) {
      event.preventDefault();
      show(current + by, true);
    };
  }
  nav.querySelector(".hit-next").addEventListener("click", step(1));
  nav.querySelector(".hit-prev").addEventListener("click", step(-1));

  var fromUrl = hits.findIndex(function (hit) { return "#" + hit.id === location.hash; });
  show(fromUrl >= 0 ? fromUrl : 0, true);
})();
