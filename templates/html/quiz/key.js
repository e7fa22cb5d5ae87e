// key: the answer key, decoded one question at a time when it is first needed (see
// quizgen/formats/html/format.py, which encodes it). Needs: data (words.js).

var keyBytes = bytes(data.key);
var keys = {};

function bytes(b64) {
  var text = atob(b64);
  var out = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function key(id) {
  if (!keys[id]) {
    var raw = bytes(data.answers[id]);
    var offset = 0;
    new TextEncoder().encode(id).forEach(function (b) { offset += b; });
    offset %= keyBytes.length;
    for (var i = 0; i < raw.length; i++) raw[i] ^= keyBytes[(i + offset) % keyBytes.length];
    keys[id] = JSON.parse(new TextDecoder("utf-8").decode(raw));
  }
  return keys[id];
}
