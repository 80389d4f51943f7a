// Plotly's script while the server draws a page opened for its figure. dcc.Graph asks for
// plotly.js (~100 ms of script evaluation) only once a graph is in the page, after the page's
// data has arrived. Here the page's first callback has just left for the server, so the
// script is evaluated while the browser waits for the answer, and the graphs find
// window.Plotly when they are drawn. Only on the pages `dashboards.app.FIGURE_FIRST` names (its
// meta tag): on the others the evaluation would hold back their text. The URLs are the ones
// dcc itself uses, so the browser's cache of both scripts is shared with the other pages.
(function () {
  var config = document.getElementById('_dash-config');
  var pages = document.querySelector('meta[name="journeymap-figure-first"]');
  if (!config || !pages || window.Plotly) return;
  var prefix = JSON.parse(config.textContent).requests_pathname_prefix || '/';
  var path = '/' + window.location.pathname.slice(prefix.length);
  if (pages.content.split(' ').indexOf(path) === -1) return;

  function load(src) {
    var script = document.createElement('script');
    script.src = prefix + '_dash-component-suites/' + src;
    script.async = true;
    document.head.appendChild(script);
    return script;
  }
  function loadPlotly() {
    var script = load('plotly/package_data/plotly.min.js');
    var ready = new Promise(function (resolve, reject) {
      script.onload = resolve;
      script.onerror = reject;
    });
    // Until the script has run, a graph asking for Plotly waits for it (dcc.Graph resolves
    // window.Plotly as a promise) instead of loading a second copy; the script then sets
    // window.Plotly itself. If it fails, graphs that have not asked yet load their own.
    var waiting = {then: function (done, failed) {
      return ready.then(function () { return window.Plotly; }).then(done, failed);
    }};
    window.Plotly = waiting;
    ready.catch(function () { if (window.Plotly === waiting) delete window.Plotly; });
  }

  var send = window.fetch, asked = false;
  window.fetch = function (url) {
    var answer = send.apply(this, arguments);
    if (!asked && String(url).indexOf('_dash-update-component') !== -1) {
      asked = true;  // the page's first callback only
      window.fetch = send;
      if (!window.Plotly) loadPlotly();
      load('dash/dcc/async-graph.js');  // the graphs' own code (dcc's chunk), at the same time
    }
    return answer;
  };
})();
