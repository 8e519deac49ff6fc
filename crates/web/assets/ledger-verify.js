// Recomputes an entry's leaf hash and, from its inclusion proof, the root
// of the signed checkpoint (RFC 6962 hashing, RFC 9162 §2.1.3.2), with
// WebCrypto SHA-256. Served by the node itself; no third-party code.
(function () {
  "use strict";
  var box = document.getElementById("ledger-verify");
  if (!box) return;
  var button = box.querySelector("button");
  var out = box.querySelector("output");
  if (!window.crypto || !crypto.subtle || typeof BigInt === "undefined") {
    out.textContent = box.dataset.nojs;
    return;
  }
  button.hidden = false;
  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (x) {
      return x.toString(16).padStart(2, "0");
    }).join("");
  }
  function unhex(s) {
    var a = new Uint8Array(s.length / 2);
    for (var i = 0; i < a.length; i++) a[i] = parseInt(s.substr(2 * i, 2), 16);
    return a;
  }
  async function sha(parts) {
    var n = parts.reduce(function (m, p) { return m + p.length; }, 0);
    var buf = new Uint8Array(n), o = 0;
    parts.forEach(function (p) { buf.set(p, o); o += p.length; });
    return new Uint8Array(await crypto.subtle.digest("SHA-256", buf));
  }
  async function check() {
    var d = box.dataset;
    var data = new TextEncoder().encode(document.getElementById("ledger-canonical").textContent);
    var r = await sha([new Uint8Array([0]), data]);
    if (hex(r) !== d.leaf) return false;
    var fn = BigInt(d.index), sn = BigInt(d.size) - 1n;
    var proof = d.proof ? d.proof.split(",") : [];
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0n) return false;
      var p = unhex(proof[i]);
      if ((fn & 1n) === 1n || fn === sn) {
        r = await sha([new Uint8Array([1]), p, r]);
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        r = await sha([new Uint8Array([1]), r, p]);
      }
      fn >>= 1n; sn >>= 1n;
    }
    return sn === 0n && hex(r) === d.root;
  }
  function run() {
    check().then(function (good) {
      out.textContent = good ? box.dataset.ok : box.dataset.bad;
      out.className = good ? "verify-ok" : "verify-bad";
    }, function () {
      out.textContent = box.dataset.bad;
      out.className = "verify-bad";
    });
  }
  button.addEventListener("click", run);
  // A link ending in #verify checks at once.
  if (location.hash === "#verify") run();
})();
