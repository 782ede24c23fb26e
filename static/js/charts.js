/* Bar charts set up from data attributes, so pages need no inline script (Content-Security-Policy).
 *
 * <canvas data-chart="ID of a json_script block" data-series="planned spent"
 *         data-label-planned="Kế hoạch" data-color-planned="#14532d" ...
 *         data-number-ticks="1" data-suggested-max="100"></canvas>
 * The json_script block holds {"labels": [...], "<series key>": [...], ...}.
 */
(function () {
  "use strict";
  function setUp(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var keys = (canvas.dataset.series || "").split(/\s+/).filter(Boolean);
    var datasets = keys.map(function (key) {
      return {
        label: canvas.getAttribute("data-label-" + key) || key,
        data: data[key] || [],
        backgroundColor: canvas.getAttribute("data-color-" + key) || "#1f5fa8"
      };
    });
    var y = {beginAtZero: true};
    if (canvas.dataset.suggestedMax) y.suggestedMax = Number(canvas.dataset.suggestedMax);
    if (canvas.dataset.numberTicks) {
      var fmt = new Intl.NumberFormat(document.documentElement.lang || "vi");
      y.ticks = {callback: function (v) { return fmt.format(v); }};
    }
    new Chart(canvas, {type: canvas.dataset.type || "bar", data: {labels: data.labels, datasets: datasets},
                       options: {scales: {y: y}}});
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
