// The parts of a page drawn after it (`dashboards.components.deferred`) are asked for once the
// page's figures are drawn: building a part in the browser (a long form, a table) would
// otherwise take turns with Plotly drawing the figures the page is opened for. The figures
// waited for are those in the page when the part's placeholder appears; a figure that is
// never drawn holds the part back for at most WAIT_MS.
(function () {
  var WAIT_MS = 3000;
  function drawn(graph) {
    return !graph.isConnected || graph.querySelector('.main-svg') !== null;
  }
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    journeymap: Object.assign({}, (window.dash_clientside || {}).journeymap, {
      afterFigures: function () {
        var graphs = Array.prototype.slice.call(document.querySelectorAll('.dash-graph'));
        var started = Date.now();
        return new Promise(function (resolve) {
          (function check() {
            if (graphs.every(drawn) || Date.now() - started > WAIT_MS) {
              resolve(true);
            } else {
              setTimeout(check, 16);  // Plotly draws a figure in one task: look after each
            }
          })();
        });
      }
    })
  });
})();
