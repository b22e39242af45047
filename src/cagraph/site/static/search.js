/* Starts Pagefind's search UI on search.html. A file of its own, not an inline script: the page's
   Content-Security-Policy allows scripts from the site only. */
window.addEventListener("DOMContentLoaded", function () {
  if (window.location.protocol === "file:") {
    document.getElementById("search-file").hidden = false;
  }
  new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    baseUrl: window.location.pathname.replace(/[^/]*$/, "")
  });
});
