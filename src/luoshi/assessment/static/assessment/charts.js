// The assessment's charts, drawn from the page's own JSON (no inline script): the ranking's bars per peer
// group on a period's page; a unit's trend over the periods and the radar of its indicators on its score page.
(function () {
  if (!window.echarts) { return; }
  var RED = "#d32f2f", BLACK = "#37474f", BLUE = "#1565c0";

  function data(id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }

  function draw(holder, option) {
    var chart = echarts.init(holder, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  var ranking = data("ranking-data");
  var board = document.getElementById("ranking-charts");
  if (ranking && board) {
    ranking.groups.forEach(function (group) {
      var box = document.createElement("div");
      box.className = "col-12 col-lg-6";
      var title = document.createElement("div");
      title.className = "small fw-semibold mb-1";
      title.textContent = group.label + "总分" +
        (group.units.length < group.ranked ? "（共" + group.ranked + "个单位，图中为前、后各" + group.units.length / 2 + "名）" : "");
      var holder = document.createElement("div");
      holder.className = "ls-chart";
      holder.style.height = Math.max(160, 28 * group.units.length + 40) + "px";
      box.appendChild(title);
      box.appendChild(holder);
      board.appendChild(box);
      draw(holder, {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10 - 10); } },
        yAxis: { type: "category", data: group.units, inverse: true },
        series: [{
          type: "bar", name: "总分",
          data: group.totals.map(function (total, i) {
            var b = group.boards[i];
            return { value: total, itemStyle: { color: b === "red" ? RED : (b === "black" ? BLACK : BLUE) } };
          }),
          label: { show: true, position: "right", formatter: function (p) { return p.value.toFixed(2); } }
        }]
      });
    });
  }

  var unit = data("unit-chart-data");
  var trend = document.getElementById("trend-chart");
  if (unit && trend) {
    if (unit.trend.periods.length < 2) {
      trend.parentNode.querySelector(".ls-chart-note").hidden = false;
    }
    draw(trend, {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: unit.trend.periods },
      yAxis: [{ type: "value", name: "总分", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10 - 10); } },
              { type: "value", name: "名次", inverse: true, minInterval: 1, min: 1 }],
      series: [{ type: "line", name: "总分", data: unit.trend.totals, itemStyle: { color: BLUE }, label: { show: true } },
               { type: "line", name: "名次", yAxisIndex: 1, data: unit.trend.ranks, itemStyle: { color: "#f9a825" } }]
    });
  }
  var radar = document.getElementById("radar-chart");
  if (unit && radar) {
    if (unit.radar.indicators.length < 3) { radar.parentNode.hidden = true; return; }
    draw(radar, {
      tooltip: {},
      radar: {
        radius: "62%",
        indicator: unit.radar.indicators.map(function (name) { return { name: name, max: 100 }; }),
        axisName: { color: "#333", fontSize: 11 }
      },
      series: [{ type: "radar", data: [{ value: unit.radar.points, name: "指标得分（百分制）" }],
                 areaStyle: { opacity: 0.2 }, itemStyle: { color: BLUE } }]
    });
  }
})();
