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

## Die Zustimmungsseite.
consent-title = Zugriff erlauben?
consent-lead = { $app } möchte:
consent-signed-in = Angemeldet als { $email }. Sie können den Zugriff später auf Ihrer Kontoseite widerrufen.
consent-deny = Ablehnen
consent-allow = Erlauben
scope-openid = Sie mit Ihrem Konto anmelden
scope-profile = Ihren Namen und Ihr Basisprofil sehen
scope-email = Ihre E-Mail-Adresse sehen
scope-phone = Ihre Telefonnummer sehen
scope-offline = Verbunden bleiben, auch wenn Sie es nicht nutzen (bis Sie den Zugriff widerrufen)
scope-admin = { $product } mit Ihren Administratorrechten verwalten
scope-other = Zugriff auf weitere Informationen
