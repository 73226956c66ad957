import { describe, expect, it } from 'vitest';
import { html, raw } from '../../src/web/html.ts';

describe('html', () => {
  it('escapes interpolations and keeps nested html', () => {
    const name = '<script>alert("x")</script>';
    const out = html`<p title="${name}">${name}${html`<b>${'&'}</b>`}${raw('<i>ok</i>')}</p>`;
    expect(out.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<b>&amp;</b><i>ok</i></p>',
    );
  });

  it('joins arrays and drops null, undefined and false', () => {
    expect(html`${['a', html`<br>`, null, undefined, false, 2]}`.value).toBe('a<br>2');
  });
});
