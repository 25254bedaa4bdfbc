# Gatehouse's English catalog: every other catalog has exactly these messages. Texts that
# earlier issues marked exact stay letter for letter here.

# The language's own name, in the switcher.
language-name = English
# Under every page.
secured-by = Secured by { $product }

## The login page.
login-title = Sign in
login-to-app = to continue to { $app }
login-username = E-mail or username
login-password = Password
login-remember = Remember me on this computer
login-submit = Sign in
login-or = or
login-passkey = Sign in with a passkey
login-forgot = Forgot your password?
# Exact English (earlier issues): the same for an unknown user and a wrong password.
login-invalid = Invalid username or password
# The failed-attempt limit, before the lock.
login-invalid-left = { $count ->
    [one] Invalid username or password. { $count } attempt left.
   *[other] Invalid username or password. { $count } attempts left.
}
login-locked = Invalid credentials. The account has been locked.
login-blocked = { $count ->
    [one] Too many failed attempts. Wait { $count } minute before trying again.
   *[other] Too many failed attempts. Wait { $count } minutes before trying again.
}
account-locked = Account is locked. Contact an administrator.
directory-down = The corporate directory is unavailable. Please try again later.
login-no-directory-account = No account matches your directory account. Contact your administrator.
login-busy = Too many sign-in attempts right now. Please try again in a moment.
login-use-sso = Your account uses single sign-on. Use { $upstream }.
login-throttled = There were too many failed sign-in attempts from your network.
error-unknown-sign-in-method = Unknown sign-in method.

## The consent page.
consent-title = Allow access?
consent-lead = { $app } would like to:
consent-signed-in = Signed in as { $email }. You can revoke access later from your account page.
consent-deny = Deny
consent-allow = Allow
scope-openid = Sign you in with your account
scope-profile = See your name and basic profile
scope-email = See your e-mail address
scope-phone = See your phone number
scope-offline = Stay connected when you are not using it (until you revoke access)
scope-admin = Administer { $product } with your administrator rights
scope-other = Access to additional information

## Every page.
footer-help = Help
footer-privacy = Privacy
footer-language = Language
sign-out = Sign out
current-password = Current password
new-password = New password
repeat-password = Repeat the new password
password-min-length = { $count ->
    [one] At least { $count } character.
   *[other] At least { $count } characters.
}
password-hint = Longer phrases of unrelated words are strongest.
duration-seconds = { $count ->
    [one] { $count } second
   *[other] { $count } seconds
}
duration-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
duration-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
duration-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}

## Error pages.
error-reference = Reference:

## Message pages.
message-manage-account = Manage your account

## The form_post page (the browser posts the answer to the application).
form-post-title = Signing you in…
form-post-manual = If nothing happens, continue manually:
form-post-continue = Continue

## Two-step verification during sign-in.
mfa-qr-label = QR code for your authenticator app
mfa-qr-manual = Can't scan it? Enter this key in the app:
mfa-recovery-keep = Keep these recovery codes somewhere safe. Each works once, if you lose your second factor. They are shown only now.
mfa-back-to-account = Back to your account
mfa-remember-device = { $count ->
    [one] Remember this device for { $count } day
   *[other] Remember this device for { $count } days
}
mfa-verify = Verify
mfa-resend = Send again

## Passkeys.
passkey-create = Create a passkey
passkey-ready = Your passkey is ready. Give it a name you will recognise.
passkey-name = Name
passkey-save = Save passkey
passkey-use = Use your passkey
passkey-unsupported = This browser cannot use passkeys here. Use another method, or another browser.

## The account page.
account-title = Your account
account-profile = Profile
account-name = Name
account-phone = Phone (international format, e.g. +14155550123)
account-language = Language
account-language-auto = Automatic (your browser's)
account-profile-password = Current password (needed to change the phone number)
account-save-profile = Save profile
account-pending-phone = Your organisation's directory lists a new phone number ending in { $ending }. Sign-in codes go to your current number until you confirm the new one.
account-use-new-number = Use the new number
account-password = Password
account-change-password = Change password
account-two-step = Two-step verification
account-no-factor = No second factor yet.
account-add-factor = Add { $method }
account-recovery-left = Recovery codes: { $count } of { $total } left.
account-regenerate-codes = Regenerate recovery codes
account-passkeys = Passkeys
account-passkeys-lead = Sign in with your fingerprint, face, screen lock or a security key instead of a password and a code. A passkey works only on this site, so a fake page cannot steal it.
account-passkey-synced = synced
account-passkey-added = added { $when }
account-passkey-used = last used { $when }
account-no-passkey = No passkey yet.
account-add-passkey = Add a passkey
account-sessions = Where you are signed in
account-this-browser = (this browser)
account-last-active = last active { $when }
account-sign-out-everywhere = Sign out everywhere
account-apps = Apps you allowed
account-no-apps = None.
account-revoke = Revoke
account-links = Linked sign-in methods
account-unlink = Unlink
account-remove = Remove

## Forgot password.
forgot-lead = Enter your username or e-mail address. We will send a link to choose a new password to the e-mail address of your account.
forgot-submit = Send reset link
forgot-back = Back to sign in

## Terms of Service.
terms-title = Terms of Service
terms-lead = Before you continue, please read and accept the Terms of Service (version { $version }).
terms-read = Read the Terms of Service
terms-decline = Decline
terms-accept = Accept
terms-decline-note = Declining signs you out.

## Sign out.
logout-title = Sign out?
logout-signed-in-as = You are signed in as { $email }.
logout-app-asks = { $app } asked to sign you out.
logout-stay = Stay signed in

## Error pages.
error-title = Sign-in error
error-go-back = Go back to the application you came from and try again.
error-expired-title = This page has expired
error-expired = This sign-in request has expired or was already used.
error-expired-hint = Go back to the application you came from and sign in again.
error-link-expired = This link has expired
error-too-many-title = Too many attempts
error-too-many-sign-ins = Too many sign-ins were started from your network.
error-wait = Please wait a few minutes before trying again.
error-unavailable-title = Temporarily unavailable
error-unavailable = The sign-in service is temporarily unavailable.
error-unavailable-hint = Please try again in a minute.
error-internal-title = Something went wrong
error-internal = An internal error occurred.
error-internal-hint = Please try again. If it keeps happening, tell your administrator the reference below.
error-language = This language is not offered.

## Forgot password and the e-mailed links.
forgot-limit = { $count ->
    [one] You can request password reset no more than once a day
   *[other] You can request password reset no more than { $count } times a day
}
forgot-unknown = The credentials you have entered are not valid.
forgot-sent = If an account matches, a link to choose a new password is on its way to the account's e-mail address.
reset-title = Choose a new password
reset-lead = Enter a new password for your account.
reset-expired-hint = Request a new link with “Forgot your password?” on the sign-in page.
reset-done-title = Password changed
reset-done = Your password was changed and your other sessions were signed out. Sign in with your new password.
activate-title = Activate your account
activate-lead = Choose a password to activate your account.
activate-button = Activate
activate-expired-hint = Ask your administrator to send a new invitation, or use “Forgot your password?” on the sign-in page to set your password.

## The password policy.
password-too-short = { $count ->
    [one] Use at least { $count } character.
   *[other] Use at least { $count } characters.
}
password-too-long = { $count ->
    [one] Use at most { $count } character.
   *[other] Use at most { $count } characters.
}
password-too-weak = This password is too easy to guess. Add more words or characters.
password-identity = The password must not be or contain your e-mail address or username.
password-reused = { $count ->
    [one] Choose a password you have not used for your last password.
   *[other] Choose a password you have not used for your last { $count } passwords.
}
password-mismatch = The two passwords do not match.

## E-mails.
mail-hello = Hello,
mail-hello-name = Hello { $name },
mail-not-you = If this was not you, contact your administrator at once.
mail-invitation-subject = Activate your account
mail-invitation-lead = An account was created for you ({ $email }). To start, choose your password:
mail-invitation-action = Activate now
mail-invitation-expiry = This link can be used once and expires in { $valid_for }. If it has expired, ask your administrator to send a new invitation, or use “Forgot your password?” on the sign-in page.
mail-reset-subject = Reset your password
mail-reset-action = Reset your password
mail-reset-expiry = This link can be used once and expires in { $valid_for }. If you did not ask for this, you can ignore this message: your password stays as it is.
mail-reset-asked = Someone (hopefully you) asked to reset the password of your account.
mail-reset-expired = Your password has expired. Choose a new one to sign in again.
mail-reset-admin = An administrator asked you to choose a new password.
mail-changed-subject = Your password was changed
mail-changed-lead = The password of your account { $email } was changed. Your other sessions were signed out.
mail-expiry-subject = { $count ->
    [one] Your password expires in { $count } day
   *[other] Your password expires in { $count } days
}
mail-expiry-lead = { $count ->
    [one] The password of your account { $email } expires in { $count } day. Change it from your account page before then.
   *[other] The password of your account { $email } expires in { $count } days. Change it from your account page before then.
}
mail-expiry-action = Change your password
mail-locked-subject = Your account was locked
mail-locked-lead = There were too many failed sign-in attempts on your account { $email }.
mail-locked-permanent = The account is locked until an administrator unlocks it.
mail-locked-temporary = { $count ->
    [one] Signing in is blocked for { $count } minute.
   *[other] Signing in is blocked for { $count } minutes.
}
mail-locked-not-you = If these attempts were not yours, tell your administrator.
mail-mfa-changed-subject = Two-step verification changed on your account
mail-mfa-changed-lead = Two-step verification changed on your account: { $what }.
mail-mfa-changed-not-you = If this was not you, reset your password and contact your administrator at once.
mail-directory-subject = Your account details changed in your directory
mail-directory-lead = Your organisation's directory changed your account: { $what }.
mail-directory-not-you = If you did not expect this, contact your administrator.
mail-code-subject = Your sign-in code: { $code }
mail-code-lead = Your sign-in code is
mail-code-expiry = It is valid for { $valid_for } and can be used once. If you did not try to sign in, change your password.

## Second factors.
method-totp = Authenticator app
method-sms = Text message (SMS)
method-email = E-mail
method-passkey = Passkey or security key
method-name-totp = authenticator app
method-name-sms = text message (SMS)
method-name-email = e-mail code
method-name-passkey = passkey
mfa-no-phone = No phone number on your profile. Please contact your administrator.
mfa-too-many-sends = Too many codes were sent. Wait a few minutes before asking again.
mfa-sms-failed = The text message could not be sent. Try again or choose another method.
mfa-no-code-needed = This method needs no code to be sent.
mfa-blocked = { $count ->
    [one] Too many wrong codes. Wait { $count } minute before trying again.
   *[other] Too many wrong codes. Wait { $count } minutes before trying again.
}
mfa-new-recovery-title = Your new recovery codes
mfa-change-recovery = new recovery codes were created, and the old ones no longer work
mfa-change-added = a second factor was added ({ $method })
mfa-change-removed = a second factor was removed ({ $method })
mfa-change-passkey-added = a passkey was added (“{ $name }”)
mfa-change-passkey-removed = a passkey was removed (“{ $name }”)
mfa-change-phone = the phone number for text-message codes was changed
mfa-change-new-phone = a new phone number receives sign-in codes
# The text message with a sign-in code.
sms-code = Your sign-in code is { $code }. It is valid for { $valid_for }.
mfa-resent = A new code was sent. Earlier codes no longer work.
mfa-wrong-code = That code is not correct.
mfa-save-codes-title = Save your recovery codes
mfa-saved-continue = I saved them, continue
mfa-prove-email = Before you set up two-step verification, confirm it's you: enter the 6-digit code we sent to { $email }.
mfa-check-email = Check your e-mail
mfa-code-email = Code from the e-mail
mfa-code-email-or-recovery = Code from the e-mail (or a recovery code)
mfa-setup-title = Set up a second factor
mfa-setup-lead = Your account needs a second step to sign in. Choose how you want to receive your codes.
mfa-choose-method = Choose a method:
mfa-other-method = Use another method:
mfa-totp-setup-title = Set up your authenticator app
mfa-totp-setup-lead = Scan the QR code with Google Authenticator, Microsoft Authenticator, Authy or a similar app, then enter the 6-digit code it shows.
mfa-code-app = Code from the app
mfa-totp-title = Enter your code
mfa-totp-lead = Open your authenticator app and enter the 6-digit code.
mfa-code-app-or-recovery = Code from the app (or a recovery code)
mfa-email-lead = We sent a 6-digit code to { $email }.
mfa-check-phone = Check your phone
mfa-sms-lead = We sent a 6-digit code by text message.
mfa-code-sms = Code from the text message
mfa-code-sms-or-recovery = Code from the text message (or a recovery code)
error-unknown-method = Unknown method.
error-method-unavailable = This method is not available.
passkey-unavailable = Passkeys are not available right now. Use another method.
passkey-create-lead = A passkey signs you in with your fingerprint, face, screen lock or a security key. It works only on this site, so a fake page cannot steal it.
passkey-use-lead = Confirm it's you with your fingerprint, face, screen lock or security key.
passkey-suggested-name = Passkey ({ $browser })
passkey-or-recovery = Or enter a recovery code
passkey-expired = That took too long, or the request was already used. Please try again.
passkey-failed = That passkey could not be used. Try again, or use another way to sign in.
passkey-model = This kind of security key or passkey is not allowed here. Use one your organisation approved.
passkey-too-many = Your account has as many passkeys as it may hold. Remove one first.
browser-on-os = { $browser } on { $os }
browser-unknown = Unknown browser

## Changes the corporate directory made (in a mail).
directory-new-phone = a new phone number ending in { $ending }
directory-new-phone-next = It is not used for sign-in codes until you confirm it on your account page or an administrator confirms it.
directory-phone-added = a phone number ending in { $ending } was added
directory-phone-added-next = Sign-in codes by text message can go to it.
directory-new-email = it lists a new e-mail address, { $email }
directory-new-email-held = Sign-in codes still go to this address, so the new one was not applied. Ask your administrator if the change is yours.
directory-email-changed = its e-mail address is now { $email }
directory-email-changed-next = Messages about your account go to the new address from now on.

## Signing in with another provider (Google, Microsoft, …).
upstream-failed-title = Sign-in failed
upstream-failed = Sign-in with { $upstream } failed.
upstream-failed-hint = Go back to the sign-in page and try again. If it keeps happening, tell your administrator the reference below.
upstream-cancelled-title = Sign-in cancelled
upstream-cancelled = Sign-in with { $upstream } was cancelled or refused.
upstream-cancelled-hint = Go back to the sign-in page and try again.
upstream-no-account = No account matches your { $upstream } e-mail address. Contact your administrator.
upstream-sso-off = Single sign-on is not enabled for your account. Contact your administrator.
upstream-refused-title = Sign-in refused
signed-out-title = Signed out
terms-declined = You declined the Terms of Service and were signed out.
error-unknown-decision = Unknown decision.
signed-out = You have been signed out.
error-not-a-form = The request must be a form.
error-id-token-hint = The id_token_hint is not valid.
error-unknown-client = The application is not registered.
error-client-hint-mismatch = The client_id does not match the id_token_hint.
error-logout-uri = The post_logout_redirect_uri is not registered for this application.
error-redirect-uri = The redirect URI is invalid.
login-credentials-expired = Credentials have expired. We sent a link to choose a new password to your e-mail address.
home-signed-out = You are not signed in.
home-signed-in-title = Signed in
home-signed-in = You are signed in as { $email }.
ago-now = just now
ago-never = never
ago-minutes = { $count ->
    [one] { $count } minute ago
   *[other] { $count } minutes ago
}
ago-hours = { $count ->
    [one] { $count } hour ago
   *[other] { $count } hours ago
}
ago-days = { $count ->
    [one] { $count } day ago
   *[other] { $count } days ago
}
account-password-directory = Your password is managed by your organization's directory. Change it there.
account-password-sso = You sign in with { $upstream }. There is no password to change here.
account-done-profile = Your profile was saved.
account-done-password = Your password was changed. Your other sessions were signed out.
account-done-session = The session was signed out.
account-done-app = Access was revoked.
account-done-mfa = Two-step verification was updated.
account-done-passkey-added = Your passkey was added. You can sign in with it now.
account-done-passkey-removed = The passkey was removed.
account-done-link = The sign-in method was unlinked.
account-done-phone = Sign-in codes by text message go to the new number now.
account-name-invalid = Use at most 200 characters for the name, without line breaks.
account-phone-format = Enter the phone number in international format, like +14155550123.
account-phone-password = Enter your current password to change the phone number.
account-wrong-password = The current password is not correct.
account-reauth-sso = For your security, sign out and sign in again, then make this change within 5 minutes.
account-reauth-password = Enter your current password to change two-step verification.
account-keep-factor = Your account must keep a second factor.
account-keep-passkey = Your account must keep a passkey.
account-directory-link = Corporate directory
account-directory-unlink = Directory accounts cannot be unlinked.
error-no-session = No such session.
passkey-js-registered = This passkey is already registered to your account.
passkey-js-cancelled = The passkey request was cancelled or timed out. Try again when you are ready.
passkey-js-failed = Your browser could not use a passkey here. Try again, or use another way.
# The strength meter: five words, worst to best, separated by |.
strength-words = Very weak|Weak|Fair|Strong|Very strong
# {"{}"} stands for one of the words above.
strength-label = Strength: {"{}"}
strength-short = {" "}(too short)

## The application's own links (its registration), on the login and consent pages.
client-logo = Logo of { $app }
client-website = About { $app }
client-policy = Privacy policy of { $app }
client-tos = Terms of { $app }

## Refused pages outside a sign-in.
error-authorize = The application sent a sign-in request that cannot be used.
error-detail = For the application's developer:
admin-forbidden-title = Administrators only
admin-forbidden = Only administrators may use the admin console.
admin-forbidden-hint = Sign in with an administrator's account, or ask an administrator for access.
