/* The offline page: the pages saved on this phone, by their titles. */
(function () {
  "use strict";

  var root = document.documentElement;

  var savedPages = document.getElementById("saved-pages");
  if (savedPages && window.caches) {
    var prefix = "/" + root.lang + "/";
    window.caches.keys().then(function (names) {
      var pages = names.filter(function (name) { return name.indexOf("modested-pages-") === 0; });
      return pages.length ? window.caches.open(pages[pages.length - 1]) : null;
    }).then(function (cache) {
      if (!cache) {
        return [];
      }
      return cache.keys().then(function (requests) {
        var mine = requests.filter(function (request) {
          var path = new URL(request.url).pathname;
          return path.indexOf(prefix) === 0 && !/\/offline$/.test(path);
        });
        return Promise.all(mine.map(function (request) {
          return cache.match(request).then(function (response) { return response.text(); })
            .then(function (html) {
              var title = new DOMParser().parseFromString(html, "text/html").title;
              return { path: new URL(request.url).pathname, title: title };
            });
        }));
      });
    }).then(function (pages) {
      var list = savedPages.querySelector("ul");
      pages.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.className = "group-link";
        link.href = page.path;
        link.textContent = page.title.split(" · ").slice(0, -1).join(" · ") || page.path;
        item.appendChild(link);
        list.appendChild(item);
      });
      savedPages.hidden = pages.length === 0;
    });
  }
})();
