// Paper: A4 portrait (assets/app.css, @page). Charts are drawn at the window's width and grids fit their
// columns to it, so a page printed as it is on screen would be cut. Before printing, whether from a page's
// "Imprimer" button (window.observatoryPrint) or the browser's own command (beforeprint), the page is laid
// out at the paper's width (body.printing in app.css: the container 1020 CSS pixels wide, printed at a
// zoom of 0.7 into the 190 mm, 718 px, between the margins), every chart is redrawn at its block's new
// width and a height that fits its labels, every grid's columns are fitted again; after printing
// everything follows the window again.
(function () {
  var PRINT_HEIGHT = 270;   // a chart's height on paper, at most
  var LINE_HEIGHT = 26;      // or, for a chart of categories (regions, skills), this much a label's line
  var CHART_FRAME = 190;     // plus its title, axis and legend
  var laidOut = false;
  var screenFigures = {};  // each chart's figure as the screen had it, by graph id

  function charts() {
    return window.Plotly ? Array.prototype.slice.call(document.querySelectorAll(".js-plotly-plot")) : [];
  }

  function grids(each) {
    if (!window.dash_ag_grid || !window.dash_ag_grid.getApi) { return; }
    document.querySelectorAll(".ag-theme-alpine[id]").forEach(function (element) {
      try {
        var api = window.dash_ag_grid.getApi(element.id);
        if (api) { each(api, element); }
      } catch (error) { /* a grid still loading: it is laid out when it arrives */ }
    });
  }

  function forPaper() {
    if (laidOut) { return; }
    laidOut = true;
    document.body.classList.add("printing");
    charts().forEach(function (chart) {
      var width = chart.parentElement.getBoundingClientRect().width;  // the block's width at the paper's
      var layout = chart._fullLayout || {};
      var update = {width: Math.floor(width)};
      var lines = 0;
      // every category keeps its label (plotly would skip some to avoid overlaps), and the room to show it
      Object.keys(layout).filter(function (key) { return /^[xy]axis\d*$/.test(key); }).forEach(function (key) {
        var axis = layout[key];
        var labels = axis.type === "category" ? axis._categories || [] : axis.ticktext || [];
        if (axis.type === "category") { update[key + ".dtick"] = 1; }
        if (key.charAt(0) === "y") {
          lines = Math.max(lines, labels.reduce(function (sum, label) {
            return sum + String(label).split("<br>").length; }, 0));
        }
      });
      update.height = Math.min(layout.height || PRINT_HEIGHT, Math.max(PRINT_HEIGHT, CHART_FRAME + LINE_HEIGHT * lines));
      var id = chart.parentElement && chart.parentElement.id;
      var before = JSON.parse(JSON.stringify(chart.layout || {}));
      if (!before.height) { before.height = layout.height; }  // what the screen drew, to draw it again
      window.Plotly.relayout(chart, update);  // now: the browser's own print command waits for nothing
      if (id && window.dash_clientside && window.dash_clientside.set_props) {
        // and in the figure the page keeps, or the graph would draw it again at the screen's size
        screenFigures[id] = {data: chart.data, layout: before};
        window.dash_clientside.set_props(id, {figure: {data: chart.data,
                                                       layout: JSON.parse(JSON.stringify(chart.layout))}});
      }
    });
    // the grid's own width is learnt later (a resize observer): give it the block's width now
    grids(function (api, element) { api.sizeColumnsToFit(Math.floor(element.getBoundingClientRect().width) - 2); });
  }

  function forScreen() {
    if (!laidOut) { return; }
    laidOut = false;
    document.body.classList.remove("printing");
    Object.keys(screenFigures).forEach(function (id) {
      window.dash_clientside.set_props(id, {figure: screenFigures[id]});
    });
    screenFigures = {};
    grids(function (api) { api.sizeColumnsToFit(); });
  }

  window.addEventListener("beforeprint", forPaper);
  window.addEventListener("afterprint", forScreen);
  window.observatoryPrint = function () {
    forPaper();
    // let the charts' new drawing reach the page before the print dialog freezes it
    window.setTimeout(function () { window.print(); }, 300);
  };
  window.observatoryForPaper = forPaper;
  window.observatoryForScreen = forScreen;
})();
