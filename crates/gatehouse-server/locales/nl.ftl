# De Nederlandse catalogus van Gatehouse: precies dezelfde berichten als en.ftl, in dezelfde volgorde.

# De naam van de taal in de taal zelf, in de taalkeuze.
language-name = Nederlands
# Onder elke pagina.
secured-by = Beveiligd door { $product }

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
# Hetzelfde voor een onbekende gebruiker en een verkeerd wachtwoord.
login-invalid = Ongeldige gebruikersnaam of wachtwoord
# De limiet voor mislukte pogingen, vóór de blokkering.
login-invalid-left = { $count ->
    [one] Ongeldige gebruikersnaam of wachtwoord. Nog { $count } poging.
   *[other] Ongeldige gebruikersnaam of wachtwoord. Nog { $count } pogingen.
}
login-locked = Ongeldige inloggegevens. Het account is geblokkeerd.
login-blocked = { $count ->
    [one] Te veel mislukte pogingen. Wacht { $count } minuut voordat u het opnieuw probeert.
   *[other] Te veel mislukte pogingen. Wacht { $count } minuten voordat u het opnieuw probeert.
}
account-locked = Het account is geblokkeerd. Neem contact op met een beheerder.
directory-down = De bedrijfsdirectory is niet beschikbaar. Probeer het later opnieuw.
login-no-directory-account = Er is geen account dat overeenkomt met uw directoryaccount. Neem contact op met uw beheerder.
login-busy = Er zijn op dit moment te veel inlogpogingen. Probeer het zo meteen opnieuw.
login-use-sso = Uw account gebruikt single sign-on. Log in via { $upstream }.
login-throttled = Er waren te veel mislukte inlogpogingen vanaf uw netwerk.
error-unknown-sign-in-method = Onbekende inlogmethode.

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

## Elke pagina.
footer-help = Help
footer-privacy = Privacy
footer-language = Taal
sign-out = Uitloggen
current-password = Huidig wachtwoord
new-password = Nieuw wachtwoord
repeat-password = Herhaal het nieuwe wachtwoord
password-min-length = { $count ->
    [one] Minstens { $count } teken.
   *[other] Minstens { $count } tekens.
}
password-hint = Langere reeksen van woorden die niets met elkaar te maken hebben, zijn het sterkst.
duration-seconds = { $count ->
    [one] { $count } seconde
   *[other] { $count } seconden
}
duration-minutes = { $count ->
    [one] { $count } minuut
   *[other] { $count } minuten
}
duration-hours = { $count ->
    [one] { $count } uur
   *[other] { $count } uur
}
duration-days = { $count ->
    [one] { $count } dag
   *[other] { $count } dagen
}

## Foutpagina's.
error-reference = Referentie:

## Berichtpagina's.
message-manage-account = Uw account beheren

## De form_post-pagina (de browser stuurt het antwoord naar de applicatie).
form-post-title = U wordt ingelogd…
form-post-manual = Gebeurt er niets? Ga dan handmatig verder:
form-post-continue = Doorgaan

## Tweestapsverificatie tijdens het inloggen.
mfa-qr-label = QR-code voor uw authenticator-app
mfa-qr-manual = Lukt scannen niet? Voer deze sleutel in de app in:
mfa-recovery-keep = Bewaar deze herstelcodes op een veilige plek. Elke code werkt één keer, als u uw tweede factor kwijtraakt. Ze worden alleen nu getoond.
mfa-back-to-account = Terug naar uw account
mfa-remember-device = { $count ->
    [one] Dit apparaat { $count } dag onthouden
   *[other] Dit apparaat { $count } dagen onthouden
}
mfa-verify = Verifiëren
mfa-resend = Opnieuw versturen

## Passkeys.
passkey-create = Een passkey maken
passkey-ready = Uw passkey is klaar. Geef hem een naam die u herkent.
passkey-name = Naam
passkey-save = Passkey opslaan
passkey-use = Uw passkey gebruiken
passkey-unsupported = Deze browser kan hier geen passkeys gebruiken. Gebruik een andere methode of een andere browser.

## De accountpagina.
account-title = Uw account
account-profile = Profiel
account-name = Naam
account-phone = Telefoon (internationale notatie, bijv. +14155550123)
account-language = Taal
account-language-auto = Automatisch (taal van uw browser)
account-profile-password = Huidig wachtwoord (nodig om het telefoonnummer te wijzigen)
account-save-profile = Profiel opslaan
account-pending-phone = De directory van uw organisatie vermeldt een nieuw telefoonnummer dat eindigt op { $ending }. Inlogcodes gaan naar uw huidige nummer totdat u het nieuwe bevestigt.
account-use-new-number = Het nieuwe nummer gebruiken
account-password = Wachtwoord
account-change-password = Wachtwoord wijzigen
account-two-step = Tweestapsverificatie
account-no-factor = Nog geen tweede factor.
account-add-factor = Voeg { $method } toe
account-recovery-left = Herstelcodes: { $count } van { $total } over.
account-regenerate-codes = Nieuwe herstelcodes maken
account-passkeys = Passkeys
account-passkeys-lead = Log in met uw vingerafdruk, gezicht, schermvergrendeling of een beveiligingssleutel in plaats van met een wachtwoord en een code. Een passkey werkt alleen op deze site, dus een nagemaakte pagina kan hem niet stelen.
account-passkey-synced = gesynchroniseerd
account-passkey-added = toegevoegd: { $when }
account-passkey-used = laatst gebruikt: { $when }
account-no-passkey = Nog geen passkey.
account-add-passkey = Een passkey toevoegen
account-sessions = Waar u bent ingelogd
account-this-browser = (deze browser)
account-last-active = laatst actief: { $when }
account-sign-out-everywhere = Overal uitloggen
account-apps = Apps die u toegang hebt gegeven
account-no-apps = Geen.
account-revoke = Intrekken
account-links = Gekoppelde inlogmethoden
account-unlink = Ontkoppelen
account-remove = Verwijderen

## Wachtwoord vergeten.
forgot-lead = Voer uw gebruikersnaam of e-mailadres in. We sturen een link om een nieuw wachtwoord te kiezen naar het e-mailadres van uw account.
forgot-submit = Resetlink versturen
forgot-back = Terug naar inloggen

## Gebruiksvoorwaarden.
terms-title = Gebruiksvoorwaarden
terms-lead = Lees en accepteer de gebruiksvoorwaarden (versie { $version }) voordat u verdergaat.
terms-read = De gebruiksvoorwaarden lezen
terms-decline = Weigeren
terms-accept = Accepteren
terms-decline-note = Als u weigert, wordt u uitgelogd.

## Uitloggen.
logout-title = Uitloggen?
logout-signed-in-as = U bent ingelogd als { $email }.
logout-app-asks = { $app } heeft gevraagd om u uit te loggen.
logout-stay = Ingelogd blijven

## Foutpagina's.
error-title = Inlogfout
error-go-back = Ga terug naar de applicatie waar u vandaan kwam en probeer het opnieuw.
error-expired-title = Deze pagina is verlopen
error-expired = Dit inlogverzoek is verlopen of al gebruikt.
error-expired-hint = Ga terug naar de applicatie waar u vandaan kwam en log opnieuw in.
error-link-expired = Deze link is verlopen
error-too-many-title = Te veel pogingen
error-too-many-sign-ins = Er zijn vanaf uw netwerk te veel inlogpogingen gestart.
error-wait = Wacht een paar minuten voordat u het opnieuw probeert.
error-unavailable-title = Tijdelijk niet beschikbaar
error-unavailable = De inlogdienst is tijdelijk niet beschikbaar.
error-unavailable-hint = Probeer het over een minuut opnieuw.
error-internal-title = Er is iets misgegaan
error-internal = Er is een interne fout opgetreden.
error-internal-hint = Probeer het opnieuw. Blijft het gebeuren, geef dan de onderstaande referentie door aan uw beheerder.
error-language = Deze taal wordt niet aangeboden.

## Wachtwoord vergeten en de gemailde links.
forgot-limit = { $count ->
    [one] U kunt maximaal één keer per dag een wachtwoordreset aanvragen
   *[other] U kunt maximaal { $count } keer per dag een wachtwoordreset aanvragen
}
forgot-unknown = De ingevoerde gegevens zijn niet geldig.
forgot-sent = Als er een overeenkomend account is, wordt er een link om een nieuw wachtwoord te kiezen naar het e-mailadres van dat account gestuurd.
reset-title = Kies een nieuw wachtwoord
reset-lead = Voer een nieuw wachtwoord in voor uw account.
reset-expired-hint = Vraag een nieuwe link aan via “Wachtwoord vergeten?” op de inlogpagina.
reset-done-title = Wachtwoord gewijzigd
reset-done = Uw wachtwoord is gewijzigd en uw andere sessies zijn uitgelogd. Log in met uw nieuwe wachtwoord.
activate-title = Activeer uw account
activate-lead = Kies een wachtwoord om uw account te activeren.
activate-button = Activeren
activate-expired-hint = Vraag uw beheerder om een nieuwe uitnodiging te sturen, of stel uw wachtwoord in via “Wachtwoord vergeten?” op de inlogpagina.

## Het wachtwoordbeleid.
password-too-short = { $count ->
    [one] Gebruik minstens { $count } teken.
   *[other] Gebruik minstens { $count } tekens.
}
password-too-long = { $count ->
    [one] Gebruik maximaal { $count } teken.
   *[other] Gebruik maximaal { $count } tekens.
}
password-too-weak = Dit wachtwoord is te makkelijk te raden. Voeg meer woorden of tekens toe.
password-identity = Het wachtwoord mag niet uw e-mailadres of gebruikersnaam zijn of bevatten.
password-reused = { $count ->
    [one] Kies een ander wachtwoord dan uw vorige.
   *[other] Kies een wachtwoord dat niet een van uw laatste { $count } wachtwoorden was.
}
password-mismatch = De twee wachtwoorden komen niet overeen.

## E-mails.
mail-hello = Hallo,
mail-hello-name = Beste { $name },
mail-not-you = Was u dit niet? Neem dan direct contact op met uw beheerder.
mail-invitation-subject = Activeer uw account
mail-invitation-lead = Er is een account voor u aangemaakt ({ $email }). Kies om te beginnen uw wachtwoord:
mail-invitation-action = Nu activeren
mail-invitation-expiry = Deze link kan één keer worden gebruikt en verloopt over { $valid_for }. Is hij verlopen, vraag uw beheerder dan om een nieuwe uitnodiging of gebruik “Wachtwoord vergeten?” op de inlogpagina.
mail-reset-subject = Stel uw wachtwoord opnieuw in
mail-reset-action = Wachtwoord opnieuw instellen
mail-reset-expiry = Deze link kan één keer worden gebruikt en verloopt over { $valid_for }. Hebt u hier niet om gevraagd, dan kunt u dit bericht negeren: uw wachtwoord blijft ongewijzigd.
mail-reset-asked = Iemand (hopelijk u) heeft gevraagd om het wachtwoord van uw account opnieuw in te stellen.
mail-reset-expired = Uw wachtwoord is verlopen. Kies een nieuw wachtwoord om weer in te loggen.
mail-reset-admin = Een beheerder heeft u gevraagd een nieuw wachtwoord te kiezen.
mail-changed-subject = Uw wachtwoord is gewijzigd
mail-changed-lead = Het wachtwoord van uw account { $email } is gewijzigd. Uw andere sessies zijn uitgelogd.
mail-expiry-subject = { $count ->
    [one] Uw wachtwoord verloopt over { $count } dag
   *[other] Uw wachtwoord verloopt over { $count } dagen
}
mail-expiry-lead = { $count ->
    [one] Het wachtwoord van uw account { $email } verloopt over { $count } dag. Wijzig het vóór die tijd via uw accountpagina.
   *[other] Het wachtwoord van uw account { $email } verloopt over { $count } dagen. Wijzig het vóór die tijd via uw accountpagina.
}
mail-expiry-action = Wijzig uw wachtwoord
mail-locked-subject = Uw account is geblokkeerd
mail-locked-lead = Er waren te veel mislukte inlogpogingen op uw account { $email }.
mail-locked-permanent = Het account blijft geblokkeerd totdat een beheerder het deblokkeert.
mail-locked-temporary = { $count ->
    [one] Inloggen is { $count } minuut geblokkeerd.
   *[other] Inloggen is { $count } minuten geblokkeerd.
}
mail-locked-not-you = Waren deze pogingen niet van u? Laat het dan uw beheerder weten.
mail-mfa-changed-subject = Tweestapsverificatie van uw account gewijzigd
mail-mfa-changed-lead = De tweestapsverificatie van uw account is gewijzigd: { $what }.
mail-mfa-changed-not-you = Was u dit niet? Stel dan uw wachtwoord opnieuw in en neem direct contact op met uw beheerder.
mail-directory-subject = Uw accountgegevens zijn gewijzigd in uw directory
mail-directory-lead = De directory van uw organisatie heeft uw account gewijzigd: { $what }.
mail-directory-not-you = Had u dit niet verwacht? Neem dan contact op met uw beheerder.
mail-code-subject = Uw inlogcode: { $code }
mail-code-lead = Uw inlogcode is
mail-code-expiry = De code is { $valid_for } geldig en kan één keer worden gebruikt. Hebt u niet geprobeerd in te loggen, wijzig dan uw wachtwoord.

## Tweede factoren.
method-totp = Authenticator-app
method-sms = Tekstbericht (SMS)
method-email = E-mail
method-passkey = Passkey of beveiligingssleutel
method-name-totp = authenticator-app
method-name-sms = tekstbericht (SMS)
method-name-email = e-mailcode
method-name-passkey = passkey
mfa-no-phone = Er staat geen telefoonnummer in uw profiel. Neem contact op met uw beheerder.
mfa-too-many-sends = Er zijn te veel codes verstuurd. Wacht een paar minuten voordat u een nieuwe aanvraagt.
mfa-sms-failed = Het SMS-bericht kon niet worden verstuurd. Probeer het opnieuw of kies een andere methode.
mfa-no-code-needed = Voor deze methode hoeft geen code te worden verstuurd.
mfa-blocked = { $count ->
    [one] Te veel onjuiste codes. Wacht { $count } minuut voordat u het opnieuw probeert.
   *[other] Te veel onjuiste codes. Wacht { $count } minuten voordat u het opnieuw probeert.
}
mfa-new-recovery-title = Uw nieuwe herstelcodes
mfa-change-recovery = er zijn nieuwe herstelcodes aangemaakt en de oude werken niet meer
mfa-change-added = er is een tweede factor toegevoegd ({ $method })
mfa-change-removed = er is een tweede factor verwijderd ({ $method })
mfa-change-passkey-added = er is een passkey toegevoegd (“{ $name }”)
mfa-change-passkey-removed = er is een passkey verwijderd (“{ $name }”)
mfa-change-phone = het telefoonnummer voor SMS-codes is gewijzigd
mfa-change-new-phone = een nieuw telefoonnummer ontvangt inlogcodes
# Het SMS-bericht met een inlogcode.
sms-code = Uw inlogcode is { $code }. Deze is { $valid_for } geldig.
mfa-resent = Er is een nieuwe code verstuurd. Eerdere codes werken niet meer.
mfa-wrong-code = Die code is niet juist.
mfa-save-codes-title = Bewaar uw herstelcodes
mfa-saved-continue = Ik heb ze bewaard, doorgaan
mfa-prove-email = Bevestig voordat u tweestapsverificatie instelt dat u het bent: voer de 6-cijferige code in die we naar { $email } hebben gestuurd.
mfa-check-email = Controleer uw e-mail
mfa-code-email = Code uit de e-mail
mfa-code-email-or-recovery = Code uit de e-mail (of een herstelcode)
mfa-setup-title = Een tweede factor instellen
mfa-setup-lead = Voor uw account is bij het inloggen een tweede stap nodig. Kies hoe u uw codes wilt ontvangen.
mfa-choose-method = Kies een methode:
mfa-other-method = Een andere methode gebruiken:
mfa-totp-setup-title = Uw authenticator-app instellen
mfa-totp-setup-lead = Scan de QR-code met Google Authenticator, Microsoft Authenticator, Authy of een vergelijkbare app en voer daarna de 6-cijferige code in die de app toont.
mfa-code-app = Code uit de app
mfa-totp-title = Voer uw code in
mfa-totp-lead = Open uw authenticator-app en voer de 6-cijferige code in.
mfa-code-app-or-recovery = Code uit de app (of een herstelcode)
mfa-email-lead = We hebben een 6-cijferige code naar { $email } gestuurd.
mfa-check-phone = Controleer uw telefoon
mfa-sms-lead = We hebben een 6-cijferige code per SMS gestuurd.
mfa-code-sms = Code uit het SMS-bericht
mfa-code-sms-or-recovery = Code uit het SMS-bericht (of een herstelcode)
error-unknown-method = Onbekende methode.
error-method-unavailable = Deze methode is niet beschikbaar.
passkey-unavailable = Passkeys zijn op dit moment niet beschikbaar. Gebruik een andere methode.
passkey-create-lead = Met een passkey logt u in met uw vingerafdruk, gezicht, schermvergrendeling of een beveiligingssleutel. Hij werkt alleen op deze site, dus een nagemaakte pagina kan hem niet stelen.
passkey-use-lead = Bevestig met uw vingerafdruk, gezicht, schermvergrendeling of beveiligingssleutel dat u het bent.
passkey-suggested-name = Passkey ({ $browser })
passkey-or-recovery = Of voer een herstelcode in
passkey-expired = Dat duurde te lang, of het verzoek is al gebruikt. Probeer het opnieuw.
passkey-failed = Die passkey kon niet worden gebruikt. Probeer het opnieuw of log op een andere manier in.
passkey-model = Dit soort beveiligingssleutel of passkey is hier niet toegestaan. Gebruik er een die uw organisatie heeft goedgekeurd.
passkey-too-many = Uw account heeft al het maximale aantal passkeys. Verwijder er eerst een.
browser-on-os = { $browser } op { $os }
browser-unknown = Onbekende browser

## Wijzigingen door de bedrijfsdirectory (in een e-mail).
directory-new-phone = een nieuw telefoonnummer dat eindigt op { $ending }
directory-new-phone-next = Het wordt pas voor inlogcodes gebruikt als u het op uw accountpagina bevestigt of een beheerder het bevestigt.
directory-phone-added = er is een telefoonnummer toegevoegd dat eindigt op { $ending }
directory-phone-added-next = Inlogcodes per SMS kunnen naar dit nummer worden gestuurd.
directory-new-email = er staat een nieuw e-mailadres in ({ $email })
directory-new-email-held = Inlogcodes gaan nog steeds naar dit adres, dus het nieuwe is niet overgenomen. Is de wijziging van u, neem dan contact op met uw beheerder.
directory-email-changed = het e-mailadres is nu { $email }
directory-email-changed-next = Berichten over uw account gaan voortaan naar het nieuwe adres.

## Inloggen via een andere aanbieder (Google, Microsoft, …).
upstream-failed-title = Inloggen mislukt
upstream-failed = Inloggen via { $upstream } is mislukt.
upstream-failed-hint = Ga terug naar de inlogpagina en probeer het opnieuw. Blijft het gebeuren, geef dan de onderstaande referentie door aan uw beheerder.
upstream-cancelled-title = Inloggen geannuleerd
upstream-cancelled = Inloggen via { $upstream } is geannuleerd of geweigerd.
upstream-cancelled-hint = Ga terug naar de inlogpagina en probeer het opnieuw.
upstream-no-account = Er is geen account dat overeenkomt met uw e-mailadres bij { $upstream }. Neem contact op met uw beheerder.
upstream-sso-off = Single sign-on is niet ingeschakeld voor uw account. Neem contact op met uw beheerder.
upstream-refused-title = Inloggen geweigerd
signed-out-title = Uitgelogd
terms-declined = U hebt de gebruiksvoorwaarden geweigerd en bent uitgelogd.
error-unknown-decision = Onbekende beslissing.
signed-out = U bent uitgelogd.
error-not-a-form = Het verzoek moet een formulier zijn.
error-id-token-hint = De id_token_hint is niet geldig.
error-unknown-client = De applicatie is niet geregistreerd.
error-client-hint-mismatch = De client_id komt niet overeen met de id_token_hint.
error-logout-uri = De post_logout_redirect_uri is niet geregistreerd voor deze applicatie.
error-redirect-uri = De redirect-URI is ongeldig.
login-credentials-expired = De inloggegevens zijn verlopen. We hebben een link om een nieuw wachtwoord te kiezen naar uw e-mailadres gestuurd.
home-signed-out = U bent niet ingelogd.
home-signed-in-title = Ingelogd
home-signed-in = U bent ingelogd als { $email }.
ago-now = zojuist
ago-never = nooit
ago-minutes = { $count ->
    [one] { $count } minuut geleden
   *[other] { $count } minuten geleden
}
ago-hours = { $count ->
    [one] { $count } uur geleden
   *[other] { $count } uur geleden
}
ago-days = { $count ->
    [one] { $count } dag geleden
   *[other] { $count } dagen geleden
}
account-password-directory = Uw wachtwoord wordt beheerd in de directory van uw organisatie. Wijzig het daar.
account-password-sso = U logt in via { $upstream }. Hier is geen wachtwoord te wijzigen.
account-done-profile = Uw profiel is opgeslagen.
account-done-password = Uw wachtwoord is gewijzigd. Uw andere sessies zijn uitgelogd.
account-done-session = De sessie is uitgelogd.
account-done-app = De toegang is ingetrokken.
account-done-mfa = De tweestapsverificatie is bijgewerkt.
account-done-passkey-added = Uw passkey is toegevoegd. U kunt er nu mee inloggen.
account-done-passkey-removed = De passkey is verwijderd.
account-done-link = De inlogmethode is ontkoppeld.
account-done-phone = Inlogcodes per SMS gaan nu naar het nieuwe nummer.
account-name-invalid = Gebruik maximaal 200 tekens voor de naam, zonder regeleinden.
account-phone-format = Voer het telefoonnummer in internationale notatie in, zoals +14155550123.
account-phone-password = Voer uw huidige wachtwoord in om het telefoonnummer te wijzigen.
account-wrong-password = Het huidige wachtwoord is niet juist.
account-reauth-sso = Log voor uw veiligheid uit en opnieuw in, en breng deze wijziging daarna binnen 5 minuten aan.
account-reauth-password = Voer uw huidige wachtwoord in om de tweestapsverificatie te wijzigen.
account-keep-factor = Uw account moet een tweede factor houden.
account-keep-passkey = Uw account moet een passkey houden.
account-directory-link = Bedrijfsdirectory
account-directory-unlink = Directoryaccounts kunnen niet worden ontkoppeld.
error-no-session = Deze sessie bestaat niet.
passkey-js-registered = Deze passkey is al geregistreerd voor uw account.
passkey-js-cancelled = Het passkey-verzoek is geannuleerd of verlopen. Probeer het opnieuw wanneer u klaar bent.
passkey-js-failed = Uw browser kon hier geen passkey gebruiken. Probeer het opnieuw of gebruik een andere manier.
# De sterktemeter: vijf woorden, van slechtst naar best, gescheiden door |.
strength-words = Zeer zwak|Zwak|Redelijk|Sterk|Zeer sterk
# {"{}"} staat voor een van de woorden hierboven.
strength-label = Sterkte: {"{}"}
strength-short = {" "}(te kort)

## De eigen links van de applicatie, op de inlog- en toestemmingspagina.
client-logo = Logo van { $app }
client-website = Over { $app }
client-policy = Privacybeleid van { $app }
client-tos = Voorwaarden van { $app }

## Geweigerde pagina’s buiten een aanmelding.
error-authorize = De applicatie heeft een inlogverzoek gestuurd dat niet gebruikt kan worden.
error-detail = Voor de ontwikkelaars van de applicatie:
admin-forbidden-title = Alleen voor beheerders
admin-forbidden = Alleen beheerders mogen de beheerconsole gebruiken.
admin-forbidden-hint = Log in met een beheerdersaccount of vraag een beheerder om toegang.
