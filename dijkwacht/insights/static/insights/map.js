// The value of the municipality under the pointer or the keyboard focus, written beside the
// map. Without JavaScript the same value is each area's tooltip and accessible name, and the
// table under the map.
document.querySelectorAll("[data-map-readout]").forEach((readout) => {
  const map = document.getElementById(readout.dataset.mapReadout);
  if (!map) return;
  const show = (event) => {
    const area = event.target.closest("[data-value]");
    if (area) readout.textContent = area.dataset.value;
  };
  map.addEventListener("mouseover", show);
  map.addEventListener("focusin", show);
});
