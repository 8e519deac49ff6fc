// The ledger check in the reader's browser, which does not take the server's
// word for anything it can check itself:
//  * the signed checkpoint (`/checkpoint`, a C2SP signed note) must carry a
//    valid Ed25519 signature by the key the reader pinned (kept in this
//    browser's localStorage, or pasted), named for the checkpoint's origin;
//  * it must extend the last checkpoint this browser saw from the log
//    (stored too): never smaller (rollback), the same root at the same size,
//    and a valid RFC 9162 consistency proof from the old root to the new one
//    (a fork or rewritten history has none);
//  * on an entry's page, the entry's bytes must hash to a leaf whose
//    inclusion proof (RFC 9162 §2.1.3.2) leads to the signed root.
// Otherwise it says "not verified" and why. WebCrypto only (SHA-256 and
// Ed25519); served by the node itself, no third-party code.
(function () {
  "use strict";
  var box = document.getElementById("ledger-verify");
  if (!box) return;
  var d = box.dataset;
  var out = box.querySelector("output");
  var KEY = "waico-ledger-key";
  var SEEN = "waico-ledger-seen";
  if (!window.crypto || !crypto.subtle || typeof BigInt === "undefined" || !window.localStorage) {
    out.textContent = d.nojs;
    return;
  }
  var button = box.querySelector("button.verify");
  var form = box.querySelector("form");
  var input = box.querySelector("input");
  var pinnedShown = box.querySelector(".pinned");
  var seenShown = box.querySelector(".seen");

  function fail(reason) {
    var e = new Error(reason);
    e.reason = reason;
    return e;
  }
  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (x) {
      return x.toString(16).padStart(2, "0");
    }).join("");
  }
  function unhex(s) {
    if (!/^([0-9a-f]{2})*$/.test(s)) throw fail("fetch");
    var a = new Uint8Array(s.length / 2);
    for (var i = 0; i < a.length; i++) a[i] = parseInt(s.substr(2 * i, 2), 16);
    return a;
  }
  function unb64(s) {
    var bin = atob(s);
    var a = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) a[i] = bin.charCodeAt(i);
    return a;
  }
  function concat(parts) {
    var n = parts.reduce(function (m, p) { return m + p.length; }, 0);
    var buf = new Uint8Array(n), o = 0;
    parts.forEach(function (p) { buf.set(p, o); o += p.length; });
    return buf;
  }
  async function sha(parts) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", concat(parts)));
  }
  function node(l, r) { return sha([new Uint8Array([1]), l, r]); }
  function same(a, b) { return a.length === b.length && hex(a) === hex(b); }

  // A signed-note verifier key: `name+<8 hex key id>+base64(0x01 || 32-byte key)`.
  async function parseKey(text) {
    // The name has no "+"; the base64 key may.
    var t = text.trim(), i = t.indexOf("+"), j = t.indexOf("+", i + 1);
    if (i < 1 || j < 0) throw fail("badkey");
    var parts = [t.slice(0, i), t.slice(i + 1, j), t.slice(j + 1)];
    if (!/^[0-9a-f]{8}$/.test(parts[1])) throw fail("badkey");
    var raw;
    try { raw = unb64(parts[2]); } catch (e) { throw fail("badkey"); }
    if (raw.length !== 33 || raw[0] !== 1) throw fail("badkey");
    var enc = new TextEncoder();
    var id = (await sha([enc.encode(parts[0] + "\n"), raw])).slice(0, 4);
    if (hex(id) !== parts[1]) throw fail("badkey");
    var key;
    try {
      key = await crypto.subtle.importKey("raw", raw.slice(1), { name: "Ed25519" }, false, ["verify"]);
    } catch (e) { throw fail("nojs"); }
    return { name: parts[0], id: id, key: key };
  }

  // Verifies the note's signature by `key`; returns {size, root} of the checkpoint.
  async function verifyCheckpoint(note, key) {
    var split = note.indexOf("\n\n");
    if (split < 0) throw fail("signature");
    var text = note.slice(0, split + 1);
    var signed = false;
    var lines = note.slice(split + 2).split("\n");
    for (var i = 0; i < lines.length; i++) {
      var m = /^\u2014 (\S+) (\S+)$/.exec(lines[i]);
      if (!m || m[1] !== key.name) continue;
      var raw;
      try { raw = unb64(m[2]); } catch (e) { continue; }
      if (raw.length !== 68 || !same(raw.slice(0, 4), key.id)) continue;
      if (!await crypto.subtle.verify({ name: "Ed25519" }, key.key, raw.slice(4), new TextEncoder().encode(text))) {
        throw fail("signature");
      }
      signed = true;
    }
    if (!signed) throw fail("signature");
    var body = text.split("\n");
    if (body[0] !== key.name || !/^(0|[1-9][0-9]{0,18})$/.test(body[1])) throw fail("signature");
    var root;
    try { root = unb64(body[2]); } catch (e) { throw fail("signature"); }
    if (root.length !== 32) throw fail("signature");
    return { size: BigInt(body[1]), root: root };
  }

  // RFC 9162 §2.1.4.2: does `second` (size, root) extend `first`?
  async function consistent(first, second, proof) {
    if (first.size === second.size) return proof.length === 0 && same(first.root, second.root);
    if (first.size === 0n) return true;
    if (proof.length === 0) return false;
    if ((first.size & (first.size - 1n)) === 0n) proof = [first.root].concat(proof);
    var fn = first.size - 1n, sn = second.size - 1n;
    while ((fn & 1n) === 1n) { fn >>= 1n; sn >>= 1n; }
    var fr = proof[0], sr = proof[0];
    for (var i = 1; i < proof.length; i++) {
      var c = proof[i];
      if (sn === 0n) return false;
      if ((fn & 1n) === 1n || fn === sn) {
        fr = await node(c, fr);
        sr = await node(c, sr);
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        sr = await node(sr, c);
      }
      fn >>= 1n; sn >>= 1n;
    }
    return sn === 0n && same(fr, first.root) && same(sr, second.root);
  }

  // RFC 9162 §2.1.3.2: does the leaf at `index` lead to the checkpoint's root?
  async function included(leaf, index, cp, proof) {
    if (index >= cp.size) return false;
    var fn = index, sn = cp.size - 1n, r = leaf;
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0n) return false;
      if ((fn & 1n) === 1n || fn === sn) {
        r = await node(proof[i], r);
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        r = await node(r, proof[i]);
      }
      fn >>= 1n; sn >>= 1n;
    }
    return sn === 0n && same(r, cp.root);
  }

  async function getJson(url) {
    var r = await fetch(url, { cache: "no-store" });
    if (!r.ok) throw fail("fetch");
    return r.json();
  }

  function seen() {
    try {
      var s = JSON.parse(localStorage.getItem(SEEN) || "null");
      if (s && s.key === localStorage.getItem(KEY)) {
        return { size: BigInt(s.size), root: unhex(s.root), note: s.note };
      }
    } catch (e) { /* a damaged record counts as none */ }
    return null;
  }

  async function check() {
    var pinned = localStorage.getItem(KEY);
    if (!pinned) throw fail("nokey");
    var key = await parseKey(pinned);
    var r = await fetch("/checkpoint", { cache: "no-store" });
    if (!r.ok) throw fail("fetch");
    var note = await r.text();
    var cp = await verifyCheckpoint(note, key);
    var last = seen();
    if (last) {
      if (cp.size < last.size) throw fail("rollback");
      var proof = [];
      if (cp.size > last.size && last.size > 0n) {
        var c = await getJson("/api/v1/ledger/proofs/consistency?first=" + last.size + "&second=" + cp.size);
        proof = c.proof.map(unhex);
      }
      if (!await consistent(last, cp, proof)) throw fail("fork");
    }
    if (d.index !== undefined) {
      var index = BigInt(d.index);
      var data = new TextEncoder().encode(document.getElementById("ledger-canonical").textContent);
      var leaf = await sha([new Uint8Array([0]), data]);
      if (index >= cp.size) throw fail("pending");
      var p = await getJson("/api/v1/ledger/proofs/inclusion?index=" + index + "&tree_size=" + cp.size);
      if (!await included(leaf, index, cp, p.proof.map(unhex))) throw fail("entry");
    }
    if (!last || cp.size > last.size) {
      localStorage.setItem(SEEN, JSON.stringify({
        key: pinned, size: cp.size.toString(), root: hex(cp.root), note: note
      }));
    }
    return cp;
  }

  function show() {
    var pinned = localStorage.getItem(KEY);
    pinnedShown.textContent = pinned || d.none;
    var last = seen();
    seenShown.textContent = last ? last.size.toString() : d.none;
    document.querySelectorAll(".pinned-key").forEach(function (el) {
      el.textContent = pinned || el.dataset.placeholder;
    });
  }

  function run() {
    out.textContent = d.checking;
    out.className = "";
    check().then(function () {
      out.textContent = d.ok;
      out.className = "verify-ok";
      show();
    }, function (e) {
      out.textContent = d.bad + " " + (d["why" + (e && e.reason ? e.reason : "fetch")] || d.whyfetch);
      out.className = "verify-bad";
      box.dataset.reason = e && e.reason ? e.reason : "fetch";
      show();
    });
  }

  function pin(text) {
    parseKey(text).then(function () {
      localStorage.setItem(KEY, text.trim());
      localStorage.removeItem(SEEN);
      run();
    }, function (e) {
      out.textContent = d.bad + " " + d["why" + e.reason];
      out.className = "verify-bad";
      box.dataset.reason = e.reason;
    });
  }

  form.hidden = false;
  button.hidden = false;
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    pin(input.value);
  });
  button.addEventListener("click", run);
  show();
  // A link ending in `#pin=<key>` (from a source the reader trusts) pins that
  // key in a browser that has none; it never replaces a pinned key.
  var m = /^#pin=(.+)$/.exec(location.hash);
  if (m) {
    var given = decodeURIComponent(m[1]);
    var current = localStorage.getItem(KEY);
    if (!current) {
      pin(given);
      return;
    }
    if (current !== given.trim()) {
      out.textContent = d.bad + " " + d.whyotherkey;
      out.className = "verify-bad";
      box.dataset.reason = "otherkey";
      return;
    }
  }
  run();
})();
