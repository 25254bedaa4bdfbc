language-name = Deutsch
secured-by = Geschützt durch { $product }
attempts-left = { $count ->
    [one] Noch { $count } Versuch
   *[other] Noch { $count } Versuche
}

## Die Anmeldeseite.
login-title = Anmelden
login-to-app = um mit { $app } fortzufahren
login-username = E-Mail-Adresse oder Benutzername
login-password = Passwort
login-remember = Auf diesem Computer angemeldet bleiben
login-submit = Anmelden
login-or = oder
login-passkey = Mit einem Passkey anmelden
login-forgot = Passwort vergessen?
