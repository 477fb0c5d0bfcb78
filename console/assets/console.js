// Progressive enhancement only: every page works without this file.
// Moves focus to the error summary after a refused form, so screen-reader and keyboard users hear it first.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.querySelector('[data-jf-focus]');
  if (summary instanceof HTMLElement) summary.focus();
  for (const form of document.querySelectorAll('form[data-jf-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.getAttribute('data-jf-confirm') ?? 'Weet u het zeker?')) event.preventDefault();
    });
  }
});
