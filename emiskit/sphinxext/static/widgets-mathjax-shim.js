// The ipywidgets HTML manager typesets widget labels with the MathJax 2 API
// (MathJax.Hub.Queue), but the book uses MathJax 3, which has no Hub: without this
// shim every widget label throws "Cannot read properties of undefined (reading 'Queue')".
// Route those calls to MathJax 3's typesetPromise, before and after MathJax has loaded.
(function () {
  function hub() {
    return {
      Queue: function (job) {
        var mathjax = window.MathJax;
        var element = Array.isArray(job) ? job[2] : undefined;
        if (mathjax && typeof mathjax.typesetPromise === "function") {
          mathjax.typesetPromise(element ? [element] : undefined).catch(function () {});
        }
        // Before MathJax has loaded, its first pass typesets the whole page anyway.
      },
    };
  }
  var config = (window.MathJax = window.MathJax || {});
  config.Hub = config.Hub || hub();
  var startup = (config.startup = config.startup || {});
  var ready = startup.ready;
  startup.ready = function () {
    if (ready) {
      ready();
    } else {
      window.MathJax.startup.defaultReady();
    }
    window.MathJax.Hub = window.MathJax.Hub || hub();
  };
})();
