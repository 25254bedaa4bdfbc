language-name = Norsk bokmål
secured-by = Sikret av { $product }
attempts-left = { $count ->
    [one] { $count } forsøk igjen
   *[other] { $count } forsøk igjen
}

## Innloggingssiden.
login-title = Logg inn
login-to-app = for å fortsette til { $app }
login-username = E-postadresse eller brukernavn
login-password = Passord
login-remember = Husk meg på denne datamaskinen
login-submit = Logg inn
login-or = eller
login-passkey = Logg inn med en passnøkkel
login-forgot = Glemt passordet?

## Samtykkesiden.
consent-title = Gi tilgang?
consent-lead = { $app } vil gjerne:
consent-signed-in = Logget inn som { $email }. Du kan trekke tilbake tilgangen senere fra kontosiden din.
consent-deny = Avslå
consent-allow = Tillat
scope-openid = Logge deg inn med kontoen din
scope-profile = Se navnet ditt og den grunnleggende profilen din
scope-email = Se e-postadressen din
scope-phone = Se telefonnummeret ditt
scope-offline = Holde forbindelsen når du ikke bruker den (til du trekker tilbake tilgangen)
scope-admin = Administrere { $product } med administratorrettighetene dine
scope-other = Tilgang til mer informasjon
