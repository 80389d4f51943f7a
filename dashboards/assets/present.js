// Presentation mode (a view's URL with present=1): the arrow keys, Page Up/Down and the space
// bar move from one part of the view to the next; Escape leaves presentation mode.
(function () {
  function parts() {  // the view's visible parts (forms and comments are hidden here)
    return Array.from(document.querySelectorAll('.presenting section'))
      .filter(function (s) { return s.getClientRects().length > 0; });
  }
  function current(list) {  // the part at the top of the screen; -1 above the first one
    var top = window.scrollY + 5, index = -1;
    list.forEach(function (s, i) { if (s.getBoundingClientRect().top + window.scrollY <= top) index = i; });
    return index;
  }
  document.addEventListener('keydown', function (event) {
    if (!document.querySelector('.presenting')) return;
    var tag = (event.target && event.target.tagName) || '';
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    var list = parts();
    if (event.key === 'Escape') {
      var exit = document.getElementById('exit-presentation');
      if (exit) { exit.click(); }
      return;
    }
    var step = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1,
                ArrowLeft: -1, ArrowUp: -1, PageUp: -1}[event.key];
    if (!step || !list.length) return;
    event.preventDefault();
    var next = Math.min(list.length - 1, current(list) + step);
    if (next < 0) { window.scrollTo(0, 0); } else { list[next].scrollIntoView({block: 'start'}); }
  });
})();
