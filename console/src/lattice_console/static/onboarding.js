// Follows an onboarding in progress: polls its progress and reloads the page when it is done.
(function () {
  "use strict";
  const bar = document.getElementById("import-progress");
  const status = document.getElementById("import-status");
  if (!bar || bar.dataset.finished === "true") {
    return;
  }
  async function poll() {
    const response = await fetch(bar.dataset.poll, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      return;
    }
    const progress = await response.json();
    bar.value = progress.done;
    status.textContent = progress.done + " of " + progress.total + " rows answered";
    if (progress.finished) {
      window.location.reload();
    } else {
      window.setTimeout(poll, 500);
    }
  }
  window.setTimeout(poll, 500);
})();
