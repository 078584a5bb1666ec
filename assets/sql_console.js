// The SQL console (/sql, dashboard/pages/sql.py): Ctrl+Enter runs the query, a click on a schema
// name puts it in the editor at the cursor, and the address bar carries the SQL that ran.
(function () {
  var EDITOR = "sql-editor";  // sql.EDITOR
  var RUN = "sql-run";        // sql.RUN

  // Ctrl+Enter (Cmd+Enter on a Mac) in the editor clicks Run: one way to run, whatever the key.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || !event.target || event.target.id !== EDITOR) {
      return;
    }
    event.preventDefault();
    var run = document.getElementById(RUN);
    if (run && !run.disabled) { run.click(); }
  });

  // Until the editor has had the focus its selection means nothing: names then go at the end.
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.id === EDITOR) { event.target.dataset.cursorKnown = "1"; }
  });

  // Put the cursor after the inserted name once Dash has rendered the new text.
  function placeCursor(editor, value, cursor, tries) {
    if (editor.value !== value && tries < 20) {
      setTimeout(placeCursor, 10, editor, value, cursor, tries + 1);
      return;
    }
    editor.focus();
    editor.setSelectionRange(cursor, cursor);
  }

  // Numbers of a result grid in the page's language, without thousands separators (years, codes).
  var numberFormats = {};
  var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
  dagfuncs.sqlNumber = function (value, lang) {
    if (value === null || value === undefined) { return ""; }
    if (typeof value !== "number") { return String(value); }
    // Integers exactly; other numbers to 15 significant digits, so 0.1 + 0.2 reads 0.3.
    var key = (lang === "en" ? "en-GB" : "fr-FR") + (Number.isInteger(value) ? ":int" : ":real");
    if (!numberFormats[key]) {
      numberFormats[key] = new Intl.NumberFormat(key.split(":")[0], Number.isInteger(value)
        ? { maximumFractionDigits: 0, useGrouping: false }
        : { maximumSignificantDigits: 15, useGrouping: false });
    }
    return numberFormats[key].format(value);
  };

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    sql_console: {
      // A schema name was clicked: insert its text at the editor's cursor (or replace the selection).
      insert: function (_clicks, sql) {
        var context = window.dash_clientside.callback_context;
        var target = context.triggered_id;
        if (!target || !context.triggered.length || !context.triggered[0].value) {
          return window.dash_clientside.no_update;
        }
        var current = sql || "";
        var editor = document.getElementById(EDITOR);
        var start = current.length;
        var end = current.length;
        if (editor && editor.dataset.cursorKnown) {
          start = editor.selectionStart;
          end = editor.selectionEnd;
        }
        var before = current.slice(0, start);
        var text = (before && !/[\s(.,]$/.test(before) ? " " : "") + target.text;
        var value = before + text + current.slice(end);
        if (editor) { placeCursor(editor, value, before.length + text.length, 0); }
        return value;
      },

      // A query ran: the address bar and the link field carry it (no reload, no history entry).
      share: function (state) {
        if (!state) { return ""; }
        var path = window.location.pathname;
        if (window.location.search !== state.search) {
          window.history.replaceState(window.history.state, "", path + state.search);
        }
        return window.location.origin + path + state.search;
      },

      // The language switch opens the same query in the other language.
      switch_language: function (_link, state) {
        return state ? state.switch : window.dash_clientside.no_update;
      },
    },
  });
})();
