// Passkeys (WebAuthn) on Gatehouse's pages. The server embeds the ceremony's options in
// <script type="application/json" id="passkey-options" data-mode="…">; this script asks the
// browser's authenticator and posts its answer in the form's hidden "credential" field.
//   signin   — login page: the "Sign in with a passkey" button and username autofill
//              (conditional mediation), posting to /login/passkey;
//   verify   — second factor: the "Use your passkey" button;
//   register — creating a passkey: the button, then a name for it, then "Save".
// Without WebAuthn (or without JavaScript) nothing here shows: the passkey parts are hidden
// in the HTML and only revealed below.
(function () {
  'use strict';

  var optionsEl = document.getElementById('passkey-options');
  if (!optionsEl) return;
  var supported = !!(window.PublicKeyCredential && navigator.credentials);
  var unsupportedEl = document.getElementById('passkey-unsupported');
  if (!supported) {
    if (unsupportedEl) unsupportedEl.hidden = false;
    return;
  }
  if (unsupportedEl) unsupportedEl.hidden = true;

  var options;
  try {
    options = JSON.parse(optionsEl.textContent);
  } catch (e) {
    return;
  }
  var mode = optionsEl.getAttribute('data-mode');
  var form = document.getElementById('passkey-form');
  var errorEl = document.getElementById('passkey-error');

  function toBytes(text) {
    var b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var raw = atob(b64);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out.buffer;
  }

  function toText(buffer) {
    if (!buffer) return null;
    var bytes = new Uint8Array(buffer);
    var raw = '';
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function withIds(list) {
    return (list || []).map(function (c) {
      var copy = Object.assign({}, c);
      copy.id = toBytes(c.id);
      return copy;
    });
  }

  function requestOptions(o) {
    var p = Object.assign({}, o.publicKey);
    p.challenge = toBytes(p.challenge);
    p.allowCredentials = withIds(p.allowCredentials);
    return p;
  }

  function creationOptions(o) {
    var p = Object.assign({}, o.publicKey);
    p.challenge = toBytes(p.challenge);
    p.user = Object.assign({}, p.user, { id: toBytes(p.user.id) });
    p.excludeCredentials = withIds(p.excludeCredentials);
    return p;
  }

  // The answer as the server reads it (base64url fields, WebAuthn Level 3 JSON names).
  function answer(cred) {
    var r = cred.response;
    var out = {
      id: cred.id,
      rawId: toText(cred.rawId),
      type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || null,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
      response: { clientDataJSON: toText(r.clientDataJSON) },
    };
    if (r.attestationObject) {
      out.response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) out.response.transports = r.getTransports();
    } else {
      out.response.authenticatorData = toText(r.authenticatorData);
      out.response.signature = toText(r.signature);
      out.response.userHandle = toText(r.userHandle);
    }
    return JSON.stringify(out);
  }

  function showError(message) {
    if (!errorEl) return;
    errorEl.textContent = message;
    errorEl.hidden = false;
  }

  // The words come from the page (in its language), with English behind them.
  function said(key, english) {
    return (errorEl && errorEl.dataset[key]) || english;
  }

  function problem(e) {
    if (e && e.name === 'AbortError') return null;
    if (e && e.name === 'InvalidStateError') {
      return said('registered', 'This passkey is already registered to your account.');
    }
    if (e && e.name === 'NotAllowedError') {
      return said('cancelled', 'The passkey request was cancelled or timed out. Try again when you are ready.');
    }
    return said('failed', 'Your browser could not use a passkey here. Try again, or use another way.');
  }

  function submitWith(cred) {
    form.elements.credential.value = answer(cred);
    var remember = document.querySelector('input[type=checkbox][name=remember_me]');
    var copy = form.elements.remember_me;
    if (copy && remember && remember.checked) {
      copy.value = 'on';
      copy.disabled = false;
    }
    form.submit();
  }

  // Asks the authenticator for an answer (the browser's dialog) and posts it; on failure says
  // why and calls `then`.
  function useOne(then) {
    navigator.credentials
      .get({ publicKey: requestOptions(options) })
      .then(function (cred) {
        if (cred) submitWith(cred);
      })
      .catch(function (e) {
        var m = problem(e);
        if (m) showError(m);
        if (then) then();
      });
  }

  function reveal(id) {
    var el = document.getElementById(id);
    if (el) el.hidden = false;
    return el;
  }

  if (mode === 'signin') {
    reveal('passkey');
    var pending = null;
    var conditional = function () {
      // Autofill offers the passkey, unless a sign-in was just refused: then the button is
      // the way (an autofill answer that keeps failing would be offered again and again).
      if (document.getElementById('login-error')) return;
      if (!PublicKeyCredential.isConditionalMediationAvailable) return;
      PublicKeyCredential.isConditionalMediationAvailable().then(function (ok) {
        if (!ok) return;
        pending = new AbortController();
        navigator.credentials
          .get({ publicKey: requestOptions(options), mediation: 'conditional', signal: pending.signal })
          .then(function (cred) {
            if (cred) submitWith(cred);
          })
          .catch(function () {});
      });
    };
    document.getElementById('passkey-signin').addEventListener('click', function () {
      if (pending) pending.abort();
      pending = null;
      useOne(conditional);
    });
    conditional();
  } else if (mode === 'verify') {
    reveal('passkey-verify').addEventListener('click', function () {
      useOne(null);
    });
  } else if (mode === 'register') {
    var create = reveal('passkey-create');
    create.addEventListener('click', function () {
      navigator.credentials
        .create({ publicKey: creationOptions(options) })
        .then(function (cred) {
          if (!cred) return;
          form.elements.credential.value = answer(cred);
          create.hidden = true;
          if (errorEl) errorEl.hidden = true;
          reveal('passkey-naming');
          var name = document.getElementById('passkey-name');
          if (name) {
            name.focus();
            name.select();
          }
        })
        .catch(function (e) {
          var m = problem(e);
          if (m) showError(m);
        });
    });
  }
})();
