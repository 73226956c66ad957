// Newsroom pages: the schedule form's time zone defaults to the browser's (the portal's otherwise).
for (const input of document.querySelectorAll('input[data-browser-default="true"]')) {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) input.value = zone;
  } catch {
    // Keep the portal's zone.
  }
}
