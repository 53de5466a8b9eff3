/* The search filters fold away on a phone; where there is room they start unfolded.
   Loaded right after the <details>, so wide screens never see it closed. */
(function () {
  "use strict";
  var options = document.querySelector("details.search-options");
  if (options && window.matchMedia("(min-width: 721px)").matches) options.open = true;
})();
