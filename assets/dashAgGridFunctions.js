// Number formats of the grids, in the page's language (French: 10 000 ; 72,5 %).
// A masked learner count arrives as the text "< 5" and is shown as it is.
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

dagfuncs.fmtNumber = function (value, lang, decimals) {
  if (value === null || value === undefined || value === "") { return "–"; }
  if (typeof value === "string") { return value; }
  return new Intl.NumberFormat(lang === "en" ? "en-GB" : "fr-FR", {
    minimumFractionDigits: decimals || 0, maximumFractionDigits: decimals || 0,
  }).format(value);
};

dagfuncs.fmtPercent = function (value, lang, decimals) {
  if (value === null || value === undefined || value === "") { return "–"; }
  if (typeof value === "string") { return value; }
  return new Intl.NumberFormat(lang === "en" ? "en-GB" : "fr-FR", {
    style: "percent", minimumFractionDigits: decimals === undefined ? 1 : decimals,
    maximumFractionDigits: decimals === undefined ? 1 : decimals,
  }).format(value);
};

// Sorts a masked learner count ("< 5", sent as text) below every shown count, missing values first.
dagfuncs.maskedCountComparator = function (a, b) {
  var rank = function (v) {
    if (v === null || v === undefined) { return -2; }
    return typeof v === "string" ? -1 : v;
  };
  return rank(a) - rank(b);
};
