// Number formats of the grids, in the page's language (French: 10 000 ; 72,5 %), written exactly as the
// server writes them (dashboard/i18n.py fmt_number, fmt_pct): CLDR's symbols, one narrow no-break space
// (U+202F) in a French number, half away from zero on the shortest decimal writing of the number.
// tests/unit/test_number_formats_js.py runs these functions and compares every string with the server's.
// A masked learner count arrives as the text "< 5" and is shown as it is.
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

(function () {
  // CLDR (babel) symbols: decimal, grouping, and what follows a percentage.
  var SYMBOLS = {
    fr: { decimal: ",", group: "\u202f", percent: "\u202f%" },
    en: { decimal: ".", group: ",", percent: "%" },
  };
  var MISSING = "–";
  // Rounding and scaling only ("1234.5", "72.5"): Intl rounds half away from zero on the shortest decimal
  // writing and scales percentages in decimal, as the server's Decimal(str(value)) does.
  var digitFormats = {};

  function digits(value, decimals, percent) {
    var key = decimals + (percent ? "%" : "");
    if (!digitFormats[key]) {
      digitFormats[key] = new Intl.NumberFormat("en-US", {
        style: percent ? "percent" : "decimal", useGrouping: false,
        minimumFractionDigits: decimals, maximumFractionDigits: decimals,
      });
    }
    var text = digitFormats[key].format(value).replace("%", "");
    return /^-[0.]+$/.test(text) ? text.slice(1) : text;  // a rounded zero is unsigned
  }

  function localised(text, symbols) {
    var negative = text.charAt(0) === "-";
    var parts = (negative ? text.slice(1) : text).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, symbols.group);
    return (negative ? "-" : "") + whole + (parts.length > 1 ? symbols.decimal + parts[1] : "");
  }

  function missing(value) {
    return value === null || value === undefined || value === "" || (typeof value === "number" && !isFinite(value));
  }

  dagfuncs.fmtNumber = function (value, lang, decimals) {
    if (missing(value)) { return MISSING; }
    if (typeof value === "string") { return value; }
    return localised(digits(value, decimals || 0, false), SYMBOLS[lang] || SYMBOLS.fr);
  };

  dagfuncs.fmtPercent = function (value, lang, decimals) {
    if (missing(value)) { return MISSING; }
    if (typeof value === "string") { return value; }
    var symbols = SYMBOLS[lang] || SYMBOLS.fr;
    return localised(digits(value, decimals === undefined ? 1 : decimals, true), symbols) + symbols.percent;
  };
})();

// Sorts a masked learner count ("< 5", sent as text) below every shown count, missing values first.
dagfuncs.maskedCountComparator = function (a, b) {
  var rank = function (v) {
    if (v === null || v === undefined) { return -2; }
    return typeof v === "string" ? -1 : v;
  };
  return rank(a) - rank(b);
};
