// The note a page shows until its own script runs, in the three languages (no catalog has come yet), and
// what to do if it never runs: a browser too old for the modules, or a download lost on bad Wi-Fi. It is
// plain ES5 in a classic script on purpose, so that it runs where the modules cannot. startPage() (page.mjs)
// removes it; the late line shows after 8 s by CSS (podium.css, .boot-late). Pages without JavaScript say
// so in a <noscript> of their own.
(function () {
  var here = document.currentScript;
  if (!here || !here.parentNode) return;
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    if (text) node.appendChild(document.createTextNode(text));
    return node;
  }
  var box = el('div', { 'class': 'boot', 'data-boot': '', role: 'status' });
  box.appendChild(el('p', {}, 'Loading\u2026 \u00b7 Chargement\u2026 \u00b7 Cargando\u2026'));
  var late = el('p', { 'class': 'boot-late', 'data-testid': 'boot-late' });
  late.appendChild(el('span', { lang: 'en' },
    'Still empty? Reload the page. If it stays empty, this browser may be too old for Podium: update it or use another device.'));
  late.appendChild(el('span', { lang: 'fr' },
    'Toujours vide\u00a0? Rechargez la page. Si elle reste vide, ce navigateur est peut-\u00eatre trop ancien pour Podium\u00a0: mettez-le \u00e0 jour ou utilisez un autre appareil.'));
  late.appendChild(el('span', { lang: 'es' },
    '\u00bfSigue vac\u00eda? Vuelva a cargar la p\u00e1gina. Si sigue vac\u00eda, puede que este navegador sea demasiado antiguo para Podium: actual\u00edcelo o use otro dispositivo.'));
  box.appendChild(late);
  here.parentNode.insertBefore(box, here.nextSibling);
})();
