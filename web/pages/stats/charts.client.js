// Draws the statistics charts with Apache ECharts (served from this portal, no CDN). Each chart's data
// sits in a <script type="application/json"> next to a table holding the same figures; without
// JavaScript the table alone is shown.
(function () {
  'use strict';
  if (!window.echarts) return;
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var palette = ['#0b57a4', '#a3211b', '#14602f', '#8a3d00', '#6b2e8f'];
  var charts = [];
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var source = document.getElementById(el.getAttribute('data-chart') + '-data');
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    el.hidden = false;
    el.parentNode.classList.add('has-chart');
    var horizontal = spec.kind === 'hbar';
    var category = { type: 'category', data: spec.categories, axisLabel: { color: '#1b2733', hideOverlap: true }, inverse: horizontal };
    var value = { type: 'value', max: spec.max, axisLabel: { color: '#1b2733' } };
    var legend = spec.series.length > 1;
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: !reduceMotion,
      color: palette,
      tooltip: { trigger: 'axis' },
      legend: legend ? { top: 0, textStyle: { color: '#1b2733' } } : { show: false },
      grid: { left: 8, right: 24, top: legend ? 36 : 12, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: spec.series.map(function (s) {
        return { name: s.name, type: spec.kind === 'line' ? 'line' : 'bar', data: s.data, showSymbol: spec.categories.length <= 40 };
      }),
    });
    charts.push(chart);
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
