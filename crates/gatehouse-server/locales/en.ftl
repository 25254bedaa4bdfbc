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
