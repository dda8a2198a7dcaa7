import { useState } from 'preact/hooks';
import { credential, setCredential } from '../api/session.js';

/** Paste a tenant API key or an end-user token; kept for this tab only. */
export function SignIn(props: { onChange: () => void; required: boolean }) {
  const [value, setValue] = useState('');
  const signedIn = Boolean(credential());
  if (signedIn) {
    return (
      <div class="signin">
        <span>Signed in</span>
        <button type="button" onClick={() => { setCredential(null); props.onChange(); }}>Sign out</button>
      </div>
    );
  }
  return (
    <details class="signin" open={props.required}>
      <summary>{props.required ? 'Sign in required' : 'Sign in'}</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!value.trim()) return;
          setCredential(value);
          setValue('');
          props.onChange();
        }}
      >
        <label for="credential">API key or token</label>
        <input id="credential" type="password" autoComplete="off" value={value} onInput={(ev) => setValue(ev.currentTarget.value)} />
        <p class="hint">Kept in this tab only (sessionStorage). Not needed in sandbox mode.</p>
        <button type="submit">Sign in</button>
      </form>
    </details>
  );
}
