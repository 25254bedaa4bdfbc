// Live password strength hint. The server enforces the real policy (zxcvbn); this only
// guides the person while typing and works as progressive enhancement.
(function () {
  var input = document.getElementById("password");
  var meter = document.getElementById("strength-meter");
  var text = document.getElementById("strength");
  if (!input || !meter || !text) return;
  // The words come from the page (in its language).
  var words = (text.dataset.words || "Very weak|Weak|Fair|Strong|Very strong").split("|");
  var label = text.dataset.label || "Strength: {}";
  var short = text.dataset.short || " (too short)";
  function score(p) {
    if (!p) return 0;
    var classes = 0;
    if (/[a-z]/.test(p)) classes++;
    if (/[A-Z]/.test(p)) classes++;
    if (/[0-9]/.test(p)) classes++;
    if (/[^A-Za-z0-9]/.test(p)) classes++;
    var unique = new Set(p.split("")).size;
    var s = Math.log2(Math.pow(Math.min(26 * classes + 10, 95), Math.min(p.length, unique + 4))) / 16;
    if (/^(.)\1+$/.test(p) || /^(password|qwerty|123456)/i.test(p)) s = 0;
    return Math.max(0, Math.min(4, Math.floor(s)));
  }
  input.addEventListener("input", function () {
    var s = score(input.value);
    meter.value = s;
    text.textContent = label.replace("{}", words[s]) + (input.value.length < +input.minLength ? short : "");
  });
})();
