// Tells a reader who scanned a sheet's QR code whether that sheet is the version this
// page shows. The code carries ?v=N&digest=XXXXXXXX; the page states its own version
// and digest and those of its earlier versions (#version). Without script the reader
// compares the digest printed on the sheet with the one in #version by eye.
(function () {
  var box = document.getElementById('version');
  var out = document.getElementById('version-check');
  if (!box || !out || !window.URLSearchParams) return;
  var query = new URLSearchParams(location.search);
  var version = query.get('v');
  var given = query.get('digest');
  if (!version || given === null) return;
  // Anything outside the digest's alphabet cannot match: it is said not to.
  var digest = given.toUpperCase().replace(/[^A-Z2-7]/g, '');
  var plain = function (d) { return (d || '').replace(/-/g, ''); };
  var shown = given.slice(0, 4) + '-' + given.slice(4, 8);
  var current = box.getAttribute('data-version');
  var kind, text;
  if (digest.length === 8 && version === current && digest === plain(box.getAttribute('data-digest'))) {
    kind = 'ok';
    text = '您扫描的张贴纸是第 ' + version + ' 版（摘要 ' + shown + '），与网上的当前版本一致。';
  } else {
    var earlier = box.querySelector('li[data-version="' + version.replace(/[^0-9]/g, '') + '"]');
    if (earlier && digest.length === 8 && digest === plain(earlier.getAttribute('data-digest'))) {
      kind = 'old';
      text = '您扫描的张贴纸是第 ' + version + ' 版，这份公示后来已经更正，现在是第 ' + current +
        ' 版，请以本页为准（见“更正说明”）。';
    } else {
      kind = 'bad';
      text = '张贴纸上的版本（第 ' + version + ' 版，摘要 ' + shown + '）与网上发布的任何版本都不符：' +
        '请以本页为准，并向发布单位或监督电话反映。';
    }
  }
  out.textContent = text;
  out.className = 'version-check version-' + kind;
  out.hidden = false;
})();
