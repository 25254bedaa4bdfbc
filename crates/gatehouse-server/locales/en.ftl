# Gatehouse's English catalog: every other catalog has exactly these messages. Texts that
# earlier issues marked exact stay letter for letter here.

# The language's own name, in the switcher.
language-name = English
# Under every page.
secured-by = Secured by { $product }
# The failed-attempt limit, before the lock.
attempts-left = { $count ->
    [one] { $count } attempt left
   *[other] { $count } attempts left
}

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
