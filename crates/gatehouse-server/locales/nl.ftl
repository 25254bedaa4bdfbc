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

## De toestemmingspagina.
consent-title = Toegang toestaan?
consent-lead = { $app } wil graag:
consent-signed-in = Ingelogd als { $email }. U kunt de toegang later intrekken op uw accountpagina.
consent-deny = Weigeren
consent-allow = Toestaan
scope-openid = U aanmelden met uw account
scope-profile = Uw naam en basisprofiel bekijken
scope-email = Uw e-mailadres bekijken
scope-phone = Uw telefoonnummer bekijken
scope-offline = Verbonden blijven als u het niet gebruikt (totdat u de toegang intrekt)
scope-admin = { $product } beheren met uw beheerdersrechten
scope-other = Toegang tot aanvullende informatie
