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
