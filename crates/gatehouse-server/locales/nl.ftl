language-name = Nederlands
secured-by = Beveiligd door { $product }
attempts-left = { $count ->
    [one] Nog { $count } poging
   *[other] Nog { $count } pogingen
}

## De inlogpagina.
login-title = Inloggen
login-to-app = om door te gaan naar { $app }
login-username = E-mailadres of gebruikersnaam
login-password = Wachtwoord
login-remember = Onthoud mij op deze computer
login-submit = Inloggen
login-or = of
login-passkey = Inloggen met een passkey
login-forgot = Wachtwoord vergeten?
