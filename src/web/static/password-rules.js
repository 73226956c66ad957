// Live password checklist (progressive enhancement): while the user types, each rule of the policy
// in a [data-password-rules] list is marked met or not. The server enforces the same rules (and the
// common-password list, which stays on the server); without this script the list is plain text.
function localParts(email, minLength) {
  const at = email.lastIndexOf('@');
  const local = (at >= 0 ? email.slice(0, at) : email).trim().toLowerCase();
  return [...new Set([local, local.split('+')[0] ?? ''])].filter((p) => [...p].length >= minLength);
}

for (const list of document.querySelectorAll('[data-password-rules]')) {
  const policy = JSON.parse(list.getAttribute('data-policy') ?? '{}');
  const field = list.closest('.field');
  const input = field?.querySelector('input[type="password"]');
  const form = list.closest('form');
  if (!input || !policy.patterns) continue;
  const patterns = Object.entries(policy.patterns).map(([rule, p]) => [
    rule,
    new RegExp(p.source, policy.flags),
    p.present,
  ]);
  const update = () => {
    const password = input.value;
    const length = [...password].length;
    const met = { length: length >= policy.minLength, maxLength: length <= policy.maxLength };
    for (const [rule, re, present] of patterns) met[rule] = re.test(password) === present;
    const emailInput = form?.querySelector('input[name="email"], input[name="username"]');
    const lower = password.toLowerCase();
    met.email = !localParts(emailInput?.value ?? '', policy.emailLocalPartMinLength).some((p) =>
      lower.includes(p),
    );
    for (const item of list.querySelectorAll('li[data-rule]')) {
      const rule = item.getAttribute('data-rule');
      if (rule && rule in met) item.setAttribute('data-met', String(password.length > 0 && met[rule]));
    }
  };
  input.addEventListener('input', update);
  form?.querySelector('input[name="email"]')?.addEventListener('input', update);
}
