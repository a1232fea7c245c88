// Draws every <canvas data-chart-type> with Chart.js (from its WebJar). The figures come from the
// server in data attributes; every chart's numbers are also in a table beside it.
document.addEventListener('DOMContentLoaded', function () {
  if (typeof Chart === 'undefined') { return; }
  document.querySelectorAll('canvas[data-chart-type]').forEach(function (canvas) {
    var split = function (name) { var v = canvas.getAttribute(name); return v ? v.split('|') : []; };
    var series = split('data-series');
    var datasets = [{ label: series[0] || canvas.getAttribute('aria-label'), data: split('data-values').map(Number),
                      backgroundColor: '#1f6feb' }];
    if (canvas.hasAttribute('data-values2')) {
      datasets.push({ label: series[1], data: split('data-values2').map(Number), backgroundColor: '#f0a500' });
    }
    new Chart(canvas, {
      type: canvas.getAttribute('data-chart-type'),
      data: { labels: split('data-labels'), datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 plugins: { legend: { display: datasets.length > 1 } } }
    });
  });
});
