// Runs the theme's real search.js under node against a built site, the way the browser
// does: index files are read from disk and evaluated as the classic scripts they are
// (each calls gongkaiSearchData(key, payload)).
//
//   node tests/js/search.cjs SITE_DIR QUERY...
//
// Prints one JSON object: for each query, the ranked result rows
// [url, title, unit, class, date, snippet], and the index files the query loaded with
// their total bytes (the first page of results included, as a browser loads it). tests/site_cli.rs runs it when node is installed.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, ...queries] = process.argv.slice(2);
const search = require(path.resolve(__dirname, "../../themes/default/static/search.js"));

function run(query) {
  const loaded = [];
  const load = (key, rel) => {
    const file = path.join(site, "search", rel);
    const text = fs.readFileSync(file, "utf8");
    loaded.push([rel, Buffer.byteLength(text)]);
    let payload;
    vm.runInNewContext(text, {
      gongkaiSearchData: (k, p) => {
        if (k !== key) throw new Error("file " + rel + " holds " + k + ", not " + key);
        payload = p;
      },
    });
    return Promise.resolve(payload);
  };
  const engine = search.createSearch(load);
  return engine.search(query).then(async ({ ids }) => {
    // What a browser fetches for the first screen: the query's files and the first page.
    await engine.rows(ids.slice(0, search.PAGE));
    const files = loaded.map((f) => f[0]);
    const bytes = loaded.reduce((n, f) => n + f[1], 0);
    // GK_FIRST_PAGE=1 (for measuring big sites): only the first page's rows.
    const shown = process.env.GK_FIRST_PAGE ? ids.slice(0, search.PAGE) : ids;
    return { count: ids.length, rows: await engine.rows(shown), files, bytes };
  });
}

(async () => {
  const out = {};
  for (const q of queries) out[q] = await run(q);
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
