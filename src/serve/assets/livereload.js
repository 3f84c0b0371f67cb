// gongkai serve: reloads the page when the site has been rebuilt.
// Served only by `gongkai serve` (never written by `gongkai build`). It is a file, not
// an inline script, because every page's Content-Security-Policy allows only
// `script-src 'self'`. The build counter the page was served with is on the script tag;
// the script polls /__gongkai/version and reloads when the counter moves on.
(function () {
  "use strict";
  var script = document.currentScript;
  var seen = script ? script.getAttribute("data-version") : null;
  function poll() {
    fetch("/__gongkai/version", { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (version) {
        if (seen === null) {
          seen = version;
        } else if (version !== seen) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 400);
      })
      .catch(function () {
        // The server is stopped or restarting: keep trying, more slowly.
        window.setTimeout(poll, 2000);
      });
  }
  poll();
})();
