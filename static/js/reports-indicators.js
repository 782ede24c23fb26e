/* The T1–T5 chart of the indicator dashboard (reports/indicators.html), with no inline script so that a
 * strict Content-Security-Policy (script-src 'self') holds.
 *
 * <canvas id="indicator-chart" data-source="indicator-data"
 *         data-label-values="Kết quả (%)" data-label-targets="Chỉ tiêu (%)"></canvas>
 * {{ chart|json_script:"indicator-data" }}  →  {"labels": [...], "values": [...], "targets": [...]}
 */
(function () {
  "use strict";
  function init() {
    var canvas = document.getElementById("indicator-chart");
    if (!canvas || typeof Chart === "undefined") return;
    var source = document.getElementById(canvas.dataset.source || "indicator-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {labels: data.labels, datasets: [
        {label: canvas.dataset.labelValues || "", data: data.values, backgroundColor: "#1f5fa8"},
        {label: canvas.dataset.labelTargets || "", data: data.targets, backgroundColor: "#9ca3af"}
      ]},
      options: {scales: {y: {beginAtZero: true, suggestedMax: 100}}}
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
