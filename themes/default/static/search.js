// gongkai site search: finds Chinese words, 索引号, 文号 and Latin words in the public
// records, offline, in the static index that src/search/ writes at build time.
//
// Plain script: no dependencies, no build step, no eval, no inline code, so it runs
// under `script-src 'self'`. Index files are loaded as classic script elements, not
// with fetch(): browsers refuse fetch() on file:// pages, and the site may be opened
// from a folder. Paths are resolved from this script's own URL (data-root, default
// "../" for static/search.js), so the site also works under a sub-path.
//
// The tokenizer below mirrors src/search/tokenize.rs rule for rule; the format
// number in search/meta.js must equal FORMAT. Index files: see src/search/mod.rs.
(function () {
  "use strict";

  const FORMAT = 1;
  const PAGE = 10;
  const MAX_WORD = 12;
  const CACHE_LIMIT = 256;
  const HIGHLIGHT = /[a-z]+|[0-9]+|[\u{3007}\u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}\u{F900}-\u{FAFF}\u{20000}-\u{3FFFF}]+/gu;
  const SCRIPT = typeof document !== "undefined" ? document.currentScript : null;

  // ---- Tokenizer (rules in tokenize.rs) ------------------------------------------

  function normalizeCp(cp) {
    if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
    else if (cp === 0x3000) cp = 0x20;
    if (cp >= 0x41 && cp <= 0x5a) cp += 32;
    return cp;
  }

  // One UTF-16 unit in, one out, so indices into the normalized text are indices into
  // the original (needed to highlight).
  function normalize(text) {
    return text.replace(/[\uff01-\uff5e\u3000A-Z]/g, (c) =>
      String.fromCharCode(normalizeCp(c.charCodeAt(0))));
  }

  function isHan(cp) {
    return cp === 0x3007 || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff);
  }

  function wordKind(cp) {
    if (cp >= 0x61 && cp <= 0x7a) return 1;
    if (cp >= 0x30 && cp <= 0x39) return 2;
    return 0;
  }

  // Units of normalized text: {han, joined} for a Han character, {word} for a word.
  function units(text) {
    const out = [];
    let word = "";
    let kind = 0;
    let prevHan = false;
    for (const ch of text) {
      const cp = ch.codePointAt(0);
      const k = wordKind(cp);
      if (k !== kind) {
        if (word) out.push({ word: word.slice(0, MAX_WORD) });
        word = "";
        kind = k;
      }
      if (k) {
        word += ch;
        prevHan = false;
      } else if (isHan(cp)) {
        out.push({ han: cp, joined: prevHan });
        prevHan = true;
      } else {
        prevHan = false;
      }
    }
    if (word) out.push({ word: word.slice(0, MAX_WORD) });
    return out;
  }

  // Key halves (hi, lo) of a term, as u64 in tokenize.rs; words need BigInt (37^12 > 2^53).
  function hanTerm(a, b) {
    const text = b === undefined ? String.fromCodePoint(a) : String.fromCodePoint(a, b);
    const lo = ((((a & 0x7ff) << 21) >>> 0) + (b || 0)) >>> 0;
    return { text, hi: (0x80000000 | (a >>> 11)) >>> 0, lo };
  }

  function wordTerm(word) {
    let key = 0n;
    for (let i = 0; i < MAX_WORD; i++) {
      const cp = i < word.length ? word.charCodeAt(i) : 0;
      const digit = cp === 0 ? 0 : cp <= 0x39 ? cp - 0x30 + 1 : cp - 0x61 + 11;
      key = key * 37n + BigInt(digit);
    }
    return { text: word, hi: Number(key >> 32n), lo: Number(key & 0xffffffffn) };
  }

  // shard_hash in mod.rs: Murmur3's finaliser over the two halves.
  function shardHash(hi, lo) {
    let h = (Math.imul(hi, 0x9e3779b1) ^ lo) >>> 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca77);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae3d);
    h ^= h >>> 16;
    return h >>> 0;
  }

  // The query's groups (whitespace-separated parts); each a list of {text, hi, lo, pos}
  // whose terms must sit at those relative positions in a record.
  function queryGroups(query) {
    const groups = [];
    for (const part of normalize(query).split(/[ \t\n\r]/)) {
      const us = units(part);
      const terms = [];
      us.forEach((u, i) => {
        let t = null;
        if (u.word !== undefined) t = wordTerm(u.word);
        else if (us[i + 1] && us[i + 1].han !== undefined && us[i + 1].joined) t = hanTerm(u.han, us[i + 1].han);
        else if (!u.joined) t = hanTerm(u.han);
        if (t) terms.push(Object.assign(t, { pos: i }));
      });
      if (terms.length) groups.push(terms);
    }
    return groups;
  }

  // ---- Index files (layouts in encode.rs) ----------------------------------------

  function unbase64(text) {
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function reader(bytes, at) {
    return {
      at,
      varint() {
        let v = 0;
        let scale = 1;
        let b;
        do {
          b = bytes[this.at++];
          v += (b & 0x7f) * scale;
          scale *= 128;
        } while (b & 0x80);
        return v;
      },
    };
  }

  // Shard: term count, dictionary (text, any-list length, title-list length), lists.
  // Any-length 0 means the lists are in a file of their own, l/SHARD-N, of the size
  // given as title-length.
  function readShard(bytes) {
    const r = reader(bytes, 0);
    const decoder = new TextDecoder();
    const entries = [];
    for (let n = r.varint(); n > 0; n--) {
      const len = r.varint();
      const text = decoder.decode(bytes.subarray(r.at, r.at + len));
      r.at += len;
      entries.push([text, r.varint(), r.varint()]);
    }
    const dict = new Map();
    let at = r.at;
    entries.forEach(([text, any, title], i) => {
      if (!any) {
        dict.set(text, { own: i, size: title });
        return;
      }
      dict.set(text, { any: at, title: title ? at + any : -1 });
      at += any + title;
    });
    return { bytes, dict };
  }

  // A term's own file: any-list length, any-list, title-list.
  function readListFile(bytes) {
    const r = reader(bytes, 0);
    const any = r.varint();
    return { bytes, entry: { any: r.at, title: r.at + any < bytes.length ? r.at + any : -1 } };
  }

  // Posting list: header n<<2 | bitmap<<1 | masks, then gaps or a bitmap, then masks
  // as nibbles (0-7: that single bit; 15: the byte follows the nibbles).
  function readList(bytes, at) {
    if (at < 0) return { docs: new Uint32Array(0), masks: null };
    const r = reader(bytes, at);
    const header = r.varint();
    const n = Math.floor(header / 4);
    const docs = new Uint32Array(n);
    if (header & 2) {
      const len = r.varint();
      let k = 0;
      for (let i = 0; i < len; i++) {
        let b = bytes[r.at + i];
        while (b) {
          const low = b & -b;
          docs[k++] = i * 8 + 31 - Math.clz32(low);
          b ^= low;
        }
      }
      r.at += len;
    } else {
      let prev = -1;
      for (let i = 0; i < n; i++) {
        prev += r.varint() + 1;
        docs[i] = prev;
      }
    }
    if (!(header & 1)) return { docs, masks: null };
    const masks = new Uint8Array(n);
    let extra = r.at + ((n + 1) >> 1);
    for (let i = 0; i < n; i++) {
      const code = (bytes[r.at + (i >> 1)] >> ((i & 1) * 4)) & 15;
      masks[i] = code === 15 ? bytes[extra++] : 1 << code;
    }
    return { docs, masks };
  }

  function indexOf(docs, d) {
    let lo = 0;
    let hi = docs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid] < d) lo = mid + 1;
      else hi = mid;
    }
    return lo < docs.length && docs[lo] === d ? lo : -1;
  }

  function rotr8(m, r) {
    r &= 7;
    return ((m >>> r) | (m << (8 - r))) & 0xff;
  }

  // ---- Search --------------------------------------------------------------------

  // `load(key, path)` resolves to the payload of the index file at `path` (relative to
  // search/); it need not cache. Returns {search(query), rows(ids), meta()}.
  function createSearch(load) {
    const cache = new Map();
    // A bounded cache: a long session must not keep every shard it ever touched.
    function cached(key, path, decode) {
      if (!cache.has(key)) {
        const promise = load(key, path).then(decode);
        promise.catch(() => cache.delete(key));
        cache.set(key, promise);
        if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value);
      }
      return cache.get(key);
    }

    const meta = () => cached("meta", "meta.js", (m) => {
      if (!m || m.format !== FORMAT) {
        throw new Error("search index format " + (m && m.format) + ", script expects " + FORMAT);
      }
      return m;
    });

    // The shard holding `term` and the term's entry there (null if absent).
    async function entryOf(m, term) {
      const bits = 31 - Math.clz32(m.shards);
      const n = bits === 0 ? 0 : shardHash(term.hi, term.lo) >>> (32 - bits);
      const name = n.toString(16).padStart((m.shards - 1).toString(16).length, "0");
      const shard = await cached("s/" + name, m.id + "/s/" + name + ".js", (p) => readShard(unbase64(p)));
      const entry = shard.dict.get(term.text);
      return entry ? { name, bytes: shard.bytes, entry } : null;
    }

    // Ranked record numbers for `query`: every term present, each group's terms at
    // one alignment of the position masks; records whose title holds more groups
    // first, then by record number (newest first).
    async function search(query) {
      const groups = queryGroups(query);
      if (!groups.length) return { ids: [], groups };
      const m = await meta();
      const byText = new Map();
      for (const t of groups.flat()) {
        if (!byText.has(t.text)) byText.set(t.text, { text: t.text, hi: t.hi, lo: t.lo });
        t.ref = byText.get(t.text);
      }
      const terms = [...byText.values()];
      const found = await Promise.all(terms.map((t) => entryOf(m, t)));
      if (found.includes(null)) return { ids: [], groups };
      found.forEach((f, i) => Object.assign(terms[i], f));
      // Every list is needed: dropping a bigram whose characters its neighbours cover
      // would save bytes, but where the neighbours have no masks it let through 7×
      // more records at 100,000 (道路维修 → every record with 道路 and 维修).
      await Promise.all(terms.map(async (t) => {
        if (t.entry.own !== undefined) {
          const key = "l/" + t.name + "-" + t.entry.own;
          Object.assign(t, await cached(key, m.id + "/" + key + ".js", (p) => readListFile(unbase64(p))));
        }
        t.any = readList(t.bytes, t.entry.any);
        t.title = readList(t.bytes, t.entry.title);
      }));
      return { ids: intersect(terms, groups), groups };
    }

    // Walks the shortest list; every other list is read once, by a forward cursor.
    function intersect(terms, groups) {
      const ordered = terms.slice().sort((a, b) => a.any.docs.length - b.any.docs.length);
      const buckets = groups.map(() => []).concat([[]]);
      for (const t of ordered) t.at = 0;
      next: for (const d of ordered[0].any.docs) {
        for (const t of ordered) {
          const docs = t.any.docs;
          let c = t.at;
          while (c < docs.length && docs[c] < d) c++;
          t.at = c;
          if (c === docs.length) break next;
          if (docs[c] !== d) continue next;
        }
        if (!groups.every((g) => aligned(g, (r) => maskAt(r.any, r.at)))) continue;
        for (const t of terms) t.titleAt = indexOf(t.title.docs, d);
        const score = groups.filter((g) => aligned(g, (r) => maskAt(r.title, r.titleAt))).length;
        buckets[groups.length - score].push(d);
      }
      return [].concat(...buckets);
    }

    function maskAt(list, i) {
      if (i < 0) return 0;
      return list.masks ? list.masks[i] : 0xff;
    }

    // True when some offset puts every term of the group on a position bit it has.
    function aligned(group, mask) {
      let m = 0xff;
      for (const t of group) {
        m &= rotr8(mask(t.ref), t.pos);
        if (!m) return false;
      }
      return true;
    }

    // Rows [url, title, unit, class, date, snippet] of records `ids`, in that order.
    async function rows(ids) {
      const m = await meta();
      const chunks = [...new Set(ids.map((d) => Math.floor(d / m.chunk)))];
      const loaded = await Promise.all(chunks.map((c) => cached("d/" + c, m.id + "/d/" + c + ".js", (x) => x)));
      const byChunk = new Map(chunks.map((c, i) => [c, loaded[i]]));
      return ids.map((d) => byChunk.get(Math.floor(d / m.chunk))[d % m.chunk]);
    }

    return { search, rows, meta };
  }

  // ---- Browser: loader and page ----------------------------------------------------

  // Loads index files as scripts that call gongkaiSearchData(key, payload). Each key
  // keeps a list of waiters, so a load repeated after a cache eviction cannot strand
  // the first one.
  function scriptLoader(base) {
    const waiting = new Map();
    globalThis.gongkaiSearchData = (key, payload) => {
      const ws = waiting.get(key) || [];
      waiting.delete(key);
      ws.forEach((w) => w.resolve(payload));
    };
    return (key, path) => new Promise((resolve, reject) => {
      const w = { resolve, reject };
      waiting.set(key, (waiting.get(key) || []).concat([w]));
      const s = document.createElement("script");
      s.src = new URL(path, base).href;
      const fail = (why) => {
        const ws = waiting.get(key) || [];
        if (ws.includes(w)) {
          waiting.set(key, ws.filter((x) => x !== w));
          reject(new Error(why + " " + s.src));
        }
      };
      s.onload = () => {
        s.remove();
        fail("no search data in");
      };
      s.onerror = () => {
        s.remove();
        fail("cannot load");
      };
      document.head.appendChild(s);
    });
  }

  // Ranges [start, end) of `text` to highlight: every Han run and whole word of the
  // query, so 仙政发2026 still marks 仙政发〔2026〕. A lone character is marked only
  // when it is the whole query (else 12号 would mark every 号).
  function highlights(text, query) {
    const norm = normalize(text);
    const needles = normalize(query).match(HIGHLIGHT) || [];
    const ranges = [];
    for (const needle of needles) {
      const word = wordKind(needle.charCodeAt(0));
      if (!word && needles.length > 1 && [...needle].length === 1) continue;
      for (let i = norm.indexOf(needle); i >= 0; i = norm.indexOf(needle, i + 1)) {
        const end = i + needle.length;
        if (word && (wordKind(norm.charCodeAt(i - 1)) === word || wordKind(norm.charCodeAt(end)) === word)) continue;
        ranges.push([i, end]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r);
    }
    return merged;
  }

  function marked(element, text, query) {
    let at = 0;
    for (const [start, end] of highlights(text, query)) {
      element.append(text.slice(at, start));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      element.append(mark);
      at = end;
    }
    element.append(text.slice(at));
    return element;
  }

  function initPage() {
    const rootEl = document.getElementById("gk-search");
    if (!rootEl || !SCRIPT) return;
    const form = rootEl.querySelector("form");
    const input = form.elements.q;
    const status = document.getElementById("gk-search-status");
    const list = document.getElementById("gk-search-results");
    const more = document.getElementById("gk-search-more");
    const siteRoot = new URL(SCRIPT.dataset.root || "../", SCRIPT.src);
    const engine = createSearch(scriptLoader(new URL("search/", siteRoot)));
    const fileMode = location.protocol === "file:";
    let serial = 0;
    let current = { ids: [], shown: 0, query: "" };
    let timer = 0;

    const href = (url) => {
      const u = new URL(url, siteRoot);
      if (fileMode && u.pathname.endsWith("/")) u.pathname += "index.html";
      return u.href;
    };

    function item(row, query) {
      const [url, title, unit, cls, date, snippet] = row;
      const li = document.createElement("li");
      const h = document.createElement("h2");
      const a = document.createElement("a");
      a.href = href(url);
      h.append(marked(a, title, query));
      const metaLine = document.createElement("p");
      metaLine.className = "gk-search-meta";
      metaLine.textContent = [unit, cls, date].filter(Boolean).join(" · ");
      const snip = document.createElement("p");
      snip.className = "gk-search-snippet";
      marked(snip, snippet, query);
      li.append(h, metaLine, snip);
      return li;
    }

    async function showMore(mine, focus) {
      const ids = current.ids.slice(current.shown, current.shown + PAGE);
      more.disabled = true;
      const rows = await engine.rows(ids).finally(() => { more.disabled = false; });
      if (mine !== serial) return;
      const items = rows.map((row) => item(row, current.query));
      list.append(...items);
      current.shown += ids.length;
      more.hidden = current.shown >= current.ids.length;
      if (focus && items.length) items[0].querySelector("a").focus();
    }

    function announce(text) {
      status.textContent = text;
    }

    async function run(query) {
      const mine = ++serial;
      query = query.trim();
      if (!query) {
        list.replaceChildren();
        more.hidden = true;
        announce("");
        return;
      }
      list.setAttribute("aria-busy", "true");
      try {
        const { ids } = await engine.search(query);
        if (mine !== serial) return;
        current = { ids, shown: 0, query };
        list.replaceChildren();
        await showMore(mine, false);
        if (mine !== serial) return;
        announce(ids.length ? "找到 " + ids.length + " 条与“" + query + "”相关的信息" : "没有找到与“" + query + "”相关的信息");
      } catch (e) {
        if (mine !== serial) return;
        list.replaceChildren();
        more.hidden = true;
        announce("搜索暂时不可用(索引未能加载" + (fileMode ? ",或浏览器禁止本地文件加载脚本" : "") + ")。请从首页的公开目录查找。");
        console.error(e);
      } finally {
        if (mine === serial) list.removeAttribute("aria-busy");
      }
    }

    // The URL keeps ?q= so results can be bookmarked, shared and reached with Back.
    function remember(query, push) {
      const url = new URL(location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      if (url.href !== location.href) history[push ? "pushState" : "replaceState"](null, "", url);
    }

    // Search as the user types, but not on the pinyin of an unfinished IME
    // composition ("zijin" on the way to 资金): wait for compositionend.
    let composing = false;
    const typed = (e) => {
      clearTimeout(timer);
      if (composing || e.isComposing) return;
      timer = setTimeout(() => {
        remember(input.value.trim(), false);
        run(input.value);
      }, 250);
    };
    input.addEventListener("input", typed);
    input.addEventListener("compositionstart", () => {
      composing = true;
      clearTimeout(timer);
    });
    input.addEventListener("compositionend", (e) => {
      composing = false;
      typed(e);
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      clearTimeout(timer);
      remember(input.value.trim(), true);
      run(input.value);
    });
    more.addEventListener("click", () => showMore(serial, true).catch((e) => console.error(e)));
    window.addEventListener("popstate", () => {
      input.value = new URL(location.href).searchParams.get("q") || "";
      run(input.value);
    });
    const initial = new URL(location.href).searchParams.get("q") || "";
    if (initial) {
      input.value = initial;
      run(initial);
    }
  }

  const api = { FORMAT, PAGE, normalize, queryGroups, shardHash, createSearch, readShard, readList, unbase64, highlights };
  globalThis.gongkaiSearch = api;
  // Under node (tests/js/search.cjs) the pure parts are a CommonJS module; browsers have
  // no `module`, and there the page is initialised below.
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initPage);
    else initPage();
  }
})();
