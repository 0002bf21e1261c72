// Optional helper for pages that embed the playground in an <iframe data-noriteo>: the
// frame reports its height and this script sizes it, so the blog column has no scroll bar.
window.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'noriteo-height' || typeof data.height !== 'number') return;
  for (const frame of document.querySelectorAll('iframe[data-noriteo]')) {
    if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(Math.min(data.height, 20000))}px`;
  }
});
