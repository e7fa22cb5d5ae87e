/* quizgen's grading model in JavaScript: the twin of quizgen/grading/__init__.py, step for step.
   The HTML page and the Anki cards embed this file; tests/grading_cases.yaml is run against
   both twins, so change them together. The rules are in docs/grading.md.
   It defines one global, QuizgenGrading, and touches nothing else. */
(function (root) {
  "use strict";

  var LOOKALIKES = {};
  "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060\u02bc".split("").forEach(function (c) { LOOKALIKES[c] = "'"; });
  "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb".split("").forEach(function (c) { LOOKALIKES[c] = '"'; });
  "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d".split("").forEach(function (c) { LOOKALIKES[c] = "-"; });
  var LOOKALIKE = /[\u2018\u2019\u201a\u201b\u2032\u00b4\u0060\u02bc\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]/g;
  var SPACE = /[ \t\n\r\f\v\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
  var PUNCT_EDGES = /^[ \p{P}]+|[ \p{P}]+$/gu;
  var MARKS = /\p{Mn}/gu;
  // ASCII only (\u00d7 is the multiplication sign, \u00b7 the middle dot): a card or page read
  // with the wrong encoding still grades alike.
  var SCIENTIFIC = /^(.+?)(?: ?[x\u00d7*\u00b7] ?10 ?\^ ?|[eE])([-+]?[0-9]{1,4})$/;
  // Arabic-Indic, Persian, Devanagari and Bengali digits read as ASCII ones (as in grading.py).
  var DIGIT_ZEROS = [0x660, 0x6F0, 0x966, 0x9E6];
  var OTHER_DIGIT = /[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u09e6-\u09ef]/g;
  function asciiDigits(s) {
    return s.replace(OTHER_DIGIT, function (c) {
      var code = c.charCodeAt(0);
      for (var i = 0; i < DIGIT_ZEROS.length; i++) {
        if (code >= DIGIT_ZEROS[i] && code < DIGIT_ZEROS[i] + 10) return String(code - DIGIT_ZEROS[i]);
      }
      return c;
    });
  }

  function clean(text) {
    return String(text == null ? "" : text).normalize("NFKC").replace(LOOKALIKE, function (c) { return LOOKALIKES[c]; });
  }

  function normaliseText(text, caseSensitive, accents) {
    var s = clean(text);
    if (accents === "ignore") s = s.normalize("NFD").replace(MARKS, "");
    if (!caseSensitive) s = s.toUpperCase().toLowerCase();
    s = s.normalize("NFC").replace(SPACE, " ");
    return s.replace(PUNCT_EDGES, "");
  }

  function textMatches(given, accepted, caseSensitive, accents) {
    var mine = normaliseText(given, caseSensitive, accents);
    return mine !== "" && accepted.some(function (ok) { return normaliseText(ok, caseSensitive, accents) === mine; });
  }

  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // U+066B ARABIC DECIMAL SEPARATOR and U+066C ARABIC THOUSANDS SEPARATOR are read so in every
  // language; a number written with them uses them alone (as in grading.py).
  var ARABIC_DECIMAL = "\u066b", ARABIC_GROUP = "\u066c";

  function mantissa(body, decimal) {
    var arabic = body.indexOf(ARABIC_DECIMAL) >= 0 || body.indexOf(ARABIC_GROUP) >= 0;
    var group = decimal === "." ? "," : ".";
    if (arabic) { decimal = ARABIC_DECIMAL; group = ARABIC_GROUP; }
    var d = escapeRe(decimal), g = escapeRe(group), m;
    if (/^[0-9]+$/.test(body)) return body;
    m = new RegExp("^([0-9]*)" + d + "([0-9]+)$").exec(body);
    if (m) return (m[1] || "0") + "." + m[2];
    m = new RegExp("^([1-9][0-9]{0,2}(?:([" + g + " ])[0-9]{3})(?:\\2[0-9]{3})*)(?:" + d + "([0-9]+))?$").exec(body);
    if (m) return m[1].split(m[2]).join("") + (m[3] ? "." + m[3] : "");
    // The other symbol once: a decimal after all (`,` and `.` only: U+066C is never a decimal).
    m = arabic ? null : new RegExp("^([0-9]+)" + g + "([0-9]+)$").exec(body);
    if (m) return m[1] + "." + m[2];
    return null;
  }

  // A unit as a product of named units with powers (as in grading.py): `kg·m/s²`, `kg m s^-2`,
  // `kg*m/s^2` and `kg.m/s2` are one unit; everything after a `/` is below the line.
  var UNIT_NAME = "[^ /*\u00b7\u22c5\u2219\u00d7.^()0-9+\\-]+";
  var UNIT_FACTOR = new RegExp("(" + UNIT_NAME + "(?:-" + UNIT_NAME + ")*)(?:(?:\\^|\\*\\*)?([+-]?[0-9]{1,3}))?|1(?![0-9])", "y");
  var UNIT_SEPARATOR = / ?([*\u00b7\u22c5\u2219\u00d7.\/])? ?/y;

  function asTyped(text) {
    return asciiDigits(clean(text)).replace(SPACE, " ").replace(/^ +| +$/g, "");
  }

  // [[name, power], ...] in the order first written, a name written twice counted once; null
  // when `unit` is not written as such a product.
  function unitFactors(unit) {
    var s = asTyped(unit).replace(/[()]/g, "");
    var names = [], powers = [], below = false, at = 0, factor, separator;
    for (;;) {
      UNIT_FACTOR.lastIndex = at;
      factor = UNIT_FACTOR.exec(s);
      if (!factor) return null;
      if (factor[1]) {
        var n = names.indexOf(factor[1]);
        if (n < 0) { n = names.length; names.push(factor[1]); powers.push(0); }
        powers[n] += parseInt(factor[2] || "1", 10) * (below ? -1 : 1);
      }
      at = UNIT_FACTOR.lastIndex;
      if (at === s.length) {
        return names.length ? names.map(function (name, i) { return [name, powers[i]]; }) : null;
      }
      UNIT_SEPARATOR.lastIndex = at;
      separator = UNIT_SEPARATOR.exec(s);
      if (UNIT_SEPARATOR.lastIndex === at) return null;
      below = below || separator[1] === "/";
      at = UNIT_SEPARATOR.lastIndex;
    }
  }

  // The form two spellings of a unit are compared in (as normalise_unit in grading.py).
  function normaliseUnit(unit) {
    var text = asTyped(unit).toLowerCase();
    var factors = unitFactors(text);
    if (factors === null) return text;
    factors.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    return factors.map(function (f) { return f[1] === 1 ? f[0] : f[0] + "^" + f[1]; }).join("\u00b7");
  }

  // `s` (in lower case) without the first unit form ([before, after]) written around it: the
  // unit after the number written any way normaliseUnit reads as `after`.
  function stripUnit(s, forms) {
    var lower = s.toLowerCase();
    for (var i = 0; i < forms.length; i++) {
      var before = forms[i][0], after = forms[i][1];
      if (lower.slice(0, before.length) !== before || lower.length === before.length) continue;
      var rest = lower.slice(before.length);
      if (!after) return rest.replace(/^ +| +$/g, "");
      var wanted = normaliseUnit(after);
      for (var end = 1; end < rest.length; end++) {
        if (/[0-9]/.test(rest[end - 1]) && !/[0-9]/.test(rest[end]) && normaliseUnit(rest.slice(end)) === wanted) {
          return rest.slice(0, end).replace(/^ +| +$/g, "");
        }
      }
    }
    return s;
  }

  function parseNumber(text, decimal, units) {
    var s = asciiDigits(clean(text)).replace(SPACE, " ").replace(/^ +| +$/g, "");
    var sign = "";
    if (s && "+-".indexOf(s[0]) >= 0) { sign = s[0]; s = s.slice(1).replace(/^ +/, ""); }
    s = stripUnit(s, units || []);
    if (!sign && s && "+-".indexOf(s[0]) >= 0) { sign = s[0]; s = s.slice(1).replace(/^ +/, ""); }
    var exponent = "0";
    var m = SCIENTIFIC.exec(s);
    if (m) { s = m[1]; exponent = m[2]; }
    var body = mantissa(s, decimal || ".");
    if (body === null) return null;
    var value = Number((sign === "-" ? "-" : "") + body + "e" + exponent);
    return isFinite(value) ? value : null;
  }

  function numberWithin(value, low, high) {
    var slack = 1e-9 * Math.max(1, Math.abs(low), Math.abs(high));
    return low - slack <= value && value <= high + slack;
  }

  function isEmpty(response) {
    if (response === null || response === undefined) return true;
    if (typeof response === "string") return response.trim() === "";
    if (Array.isArray(response)) return response.every(isEmpty);
    return false;
  }

  // A verdict: status and the fraction of the points earned, as a whole numerator/denominator.
  function verdict(right, outOf, partial) {
    right = Math.max(0, right);
    if (outOf <= 0 || right >= outOf) return { status: "correct", num: 1, den: 1 };
    if (partial && right > 0) return { status: "partial", num: right, den: outOf };
    return { status: "wrong", num: 0, den: 1 };
  }

  function grade(spec, response) {
    var kind = spec.type;
    if (isEmpty(response) || ((kind === "card" || kind === "essay") && response !== "knew" && response !== "missed")) {
      return { status: "empty", num: 0, den: 1 };
    }
    switch (kind) {
      case "single":
        return verdict(spec.answer.indexOf(response) >= 0 ? 1 : 0, 1, false);
      case "truefalse":
        var given = typeof response === "boolean" ? response : String(response).trim().toLowerCase() === "true";
        return verdict(given === spec.answer ? 1 : 0, 1, false);
      case "multiple":
        var picked = response.filter(function (v, i) { return response.indexOf(v) === i; });
        var right = picked.filter(function (v) { return spec.answer.indexOf(v) >= 0; }).length;
        return verdict(right - (picked.length - right), spec.answer.length, spec.partial);
      case "short":
        return verdict(textMatches(String(response), spec.accepted, spec.case_sensitive, spec.accents) ? 1 : 0, 1, false);
      case "numeric":
        var value = parseNumber(String(response), spec.decimal, spec.units);
        if (value !== null && numberWithin(value, spec.low, spec.high)) return verdict(1, 1, false);
        // Right only when read with the other decimal mark: the verdict carries that reading.
        var other = parseNumber(String(response), spec.decimal === "," ? "." : ",", spec.units);
        if (other === null || !numberWithin(other, spec.low, spec.high)) return verdict(0, 1, false);
        var v = verdict(spec.other_decimal === "accept" ? 1 : 0, 1, false);
        v.otherDecimal = other;
        return v;
      case "cloze":
        var filled = 0;
        spec.blanks.forEach(function (accepted, n) {
          var g = response[n];
          if (textMatches(String(g == null ? "" : g), accepted, spec.case_sensitive, spec.accents)) filled++;
        });
        return verdict(filled, spec.blanks.length, spec.partial);
      case "order":
        var key = spec.answer, kept = 0;
        for (var n = 0; n + 1 < response.length; n++) {
          var at = key.indexOf(response[n]);
          if (at >= 0 && at + 1 < key.length && key[at + 1] === response[n + 1]) kept++;
        }
        return verdict(kept, key.length - 1, spec.partial);
      case "match":
        var matched = 0;
        spec.answer.forEach(function (wanted, n) { if (response[n] === wanted) matched++; });
        return verdict(matched, spec.answer.length, spec.partial);
      case "card":
      case "essay":  // self-graded against the model answer, like a card
        return verdict(response === "knew" ? 1 : 0, 1, false);
    }
    throw new Error("unknown question type " + kind);
  }

  var MICRO = 1000000;

  function toMicro(points) { return Math.round(Number(points) * MICRO); }

  // Points earned in millionths, rounded half up once: sums of these are exact integers.
  function earnedMicro(points, v) {
    var total = toMicro(points) * v.num;
    return Math.floor((total * 2 + v.den) / (2 * v.den));
  }

  // 1500000 -> "1.5"; 333333 -> "0.33": two decimals at most, for display only.
  function microText(micro) {
    var hundredths = Math.floor((micro * 100 * 2 + MICRO) / (2 * MICRO));
    var whole = Math.floor(hundredths / 100), part = hundredths % 100;
    if (!part) return String(whole);
    return (whole + "." + (part < 10 ? "0" : "") + part).replace(/0+$/, "");
  }

  root.QuizgenGrading = {
    normaliseText: normaliseText, normaliseUnit: normaliseUnit, parseNumber: parseNumber, grade: grade,
    toMicro: toMicro, earnedMicro: earnedMicro, microText: microText
  };
})(typeof window !== "undefined" ? window : this);
