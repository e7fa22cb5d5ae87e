// words: what quizgen gives the script (the quiz-data block: the bank's id, the answer key,
// the words) and the page's fixed words in the bank's language: T, N, numberText.

var data = JSON.parse(document.getElementById("quiz-data").textContent);

// The page's fixed words in the bank's language, given by quizgen (quizgen/present/i18n.py): the
// English text is the key, `%(name)s` a value filled in here and `%%` a percent sign, as
// Python's `%` reads a message (a bank's label comes with its `%` doubled). A plural message
// has one form per plural category, and data.plural says which form a count takes (0-199;
// above, the form of 100 + n % 100, which is how every language's rule repeats).
var WORDS = data.words || {};
function fill(text, values) {
  return text.replace(/%%|%\((\w+)\)s/g, function (whole, name) {
    if (whole === "%%") return "%";
    return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
  });
}
function T(text, values) {
  return fill(typeof WORDS[text] === "string" ? WORDS[text] : text, values);
}
function N(singular, pluralText, n, values) {
  var forms = WORDS[singular], table = data.plural || [];
  var index = table.length ? table[n < table.length ? n : 100 + n % 100] : (n === 1 ? 0 : 1);
  var text = Array.isArray(forms) ? forms[index] : (n === 1 ? singular : pluralText);
  var all = { num: n };
  for (var k in values || {}) all[k] = values[k];
  return fill(text, all);
}
// Numbers as the bank's language writes them (decimal comma where usual).
function numberText(text) { return String(text).replace(".", data.decimal || "."); }
