// The leaders' overview chart: stacked lights per unit, drawn from the page's own JSON.
(function () {
  var holder = document.getElementById("lights-chart");
  var source = document.getElementById("lights-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  if (!data.units.length) { holder.style.display = "none"; return; }
  var colors = { red: "#d32f2f", yellow: "#f9a825", green: "#2e7d32" };
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.units, inverse: true },
    series: data.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "lights", data: s.data, itemStyle: { color: colors[s.light] },
               label: { show: true, formatter: function (p) { return p.value || ""; } },
               // A number that would not fit its bar is left to the tooltip.
               labelLayout: { hideOverlap: true } };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
