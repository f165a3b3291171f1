// The assessment's charts, drawn from the page's own JSON (no inline script): the ranking's bars per peer
// group on a period's page; a unit's trend over the periods and the radar of its indicators on its score page.
(function () {
  if (!window.echarts) { return; }
  var RED = "#d32f2f", BLACK = "#37474f", BLUE = "#1565c0", GREY = "#90a4ae";

  function data(id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }

  function draw(holder, option) {
    var chart = echarts.init(holder, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // Each group card holds its own bars and their data, the same units as its table (a bar-less line where
  // the table leaves units out); a card redrawn by htmx (paging through a group) draws its bars again.
  // Below the wide layout the bars start folded, drawn when opened: the table above says the same.
  function rankingBars(holder) {
    var group = data(holder.getAttribute("data-source"));
    if (!group || holder.getAttribute("data-drawn")) { return; }
    holder.setAttribute("data-drawn", "1");
    holder.textContent = "";
    holder.style.height = Math.max(120, 24 * group.units.length + 24) + "px";
    draw(holder, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 48, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10 - 10); } },
      yAxis: {
        type: "category", data: group.units, inverse: true,
        axisLabel: { formatter: function (name, i) { return i === group.mine ? "{mine|" + name + "}" : name; },
                     rich: { mine: { fontWeight: "bold", color: BLUE } } }
      },
      series: [{
        type: "bar", name: "总分", barMaxWidth: 16,
        data: group.totals.map(function (total, i) {
          var b = group.boards[i];
          return { value: total, itemStyle: { color: b === "red" ? RED : (b === "black" ? BLACK : (i === group.mine ? BLUE : GREY)) } };
        }),
        label: { show: true, position: "right", formatter: function (p) { return p.value == null ? "" : p.value.toFixed(2); } }
      }]
    });
  }

  function rankingCharts(root) {
    var wide = window.matchMedia("(min-width: 1200px)").matches;
    root.querySelectorAll("details.ls-ranking-chart").forEach(function (box) {
      var holder = box.querySelector(".ls-chart");
      if (!wide && !box.getAttribute("data-seen")) { box.open = false; }
      box.setAttribute("data-seen", "1");
      if (box.open) { rankingBars(holder); }
      box.addEventListener("toggle", function () { if (box.open) { rankingBars(holder); } });
    });
  }
  rankingCharts(document);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var card = document.getElementById(event.detail.target.id) || event.detail.elt;
    if (card) { rankingCharts(card); }
  });

  var unit = data("unit-chart-data");
  var trend = document.getElementById("trend-chart");
  if (unit && trend) {
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
