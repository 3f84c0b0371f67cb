/* gongkai: a simple search over the electronic catalogue (catalogue.json).
 * It matches every word of the query as a substring of the title, summary, unit, class
 * and document number, which works for Chinese without segmentation. A search index that
 * also covers record bodies can replace this file (themes/static/search.js).
 * No inline scripts, no innerHTML: results are built with textContent. */
(function () {
  "use strict";
  var form = document.querySelector("form.gk-search");
  var input = document.getElementById("gk-q");
  var status = document.getElementById("gk-search-status");
  var list = document.getElementById("gk-search-results");
  if (!form || !input || !status || !list) return;
  var script = document.currentScript || document.querySelector("script[src$='search.js']");
  var root = new URL("../", script ? script.src : location.href);
  var params = new URLSearchParams(location.search);
  var query = (params.get("q") || "").trim();
  input.value = query;
  if (!query) return;
  status.textContent = "正在检索……";
  fetch(new URL("catalogue.json", root))
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) { show(search(data.records || [], query)); })
    .catch(function () { status.textContent = "无法加载电子目录，请从首页按单位浏览。"; });

  function search(records, q) {
    var words = q.toLowerCase().split(/\s+/).filter(Boolean);
    return records.filter(function (r) {
      var text = [r.title, r.summary, r.unit_name, r.class_name, r.doc_no, r.index_no]
        .filter(Boolean).join(" ").toLowerCase();
      return words.every(function (w) { return text.indexOf(w) !== -1; });
    });
  }

  function show(found) {
    list.textContent = "";
    found.slice(0, 200).forEach(function (r) {
      var li = document.createElement("li");
      li.className = "gk-record";
      var a = document.createElement("a");
      a.className = "gk-record-title";
      a.href = new URL(r.path + "index.html", root).href;
      a.textContent = r.title;
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "gk-record-meta";
      meta.textContent = [r.published, r.unit_name, r.class_name, r.validity_label].filter(Boolean).join(" · ");
      li.appendChild(meta);
      list.appendChild(li);
    });
    status.textContent = found.length
      ? "找到 " + found.length + " 条" + (found.length > 200 ? "，显示前 200 条" : "") + "。"
      : "没有找到与“" + query + "”相关的信息。";
  }
})();
