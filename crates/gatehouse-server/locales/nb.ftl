# Gatehouse sin katalog på norsk bokmål: nøyaktig de samme meldingene som den engelske katalogen.

# Språkets eget navn, i språkvelgeren.
language-name = Norsk bokmål
# Nederst på hver side.
secured-by = Sikret av { $product }

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
# Samme melding for en ukjent bruker og et feil passord.
login-invalid = Ugyldig brukernavn eller passord
# Grensen for mislykkede forsøk, før kontoen låses.
login-invalid-left = { $count ->
    [one] Ugyldig brukernavn eller passord. { $count } forsøk igjen.
   *[other] Ugyldig brukernavn eller passord. { $count } forsøk igjen.
}
login-locked = Ugyldig innloggingsinformasjon. Kontoen er låst.
login-blocked = { $count ->
    [one] For mange mislykkede forsøk. Vent { $count } minutt før du prøver igjen.
   *[other] For mange mislykkede forsøk. Vent { $count } minutter før du prøver igjen.
}
account-locked = Kontoen er låst. Kontakt en administrator.
directory-down = Bedriftskatalogen er utilgjengelig. Prøv igjen senere.
login-no-directory-account = Ingen konto samsvarer med katalogkontoen din. Kontakt administratoren din.
login-busy = For mange innloggingsforsøk akkurat nå. Prøv igjen om et øyeblikk.
login-use-sso = Kontoen din bruker enkel pålogging (single sign-on). Bruk { $upstream }.
login-throttled = Det har vært for mange mislykkede innloggingsforsøk fra nettverket ditt.
error-unknown-sign-in-method = Ukjent innloggingsmetode.

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

## Alle sider.
footer-help = Hjelp
footer-privacy = Personvern
footer-language = Språk
sign-out = Logg ut
current-password = Nåværende passord
new-password = Nytt passord
repeat-password = Gjenta det nye passordet
password-min-length = { $count ->
    [one] Minst { $count } tegn.
   *[other] Minst { $count } tegn.
}
password-hint = Lengre fraser av ord som ikke henger sammen, er sterkest.
duration-seconds = { $count ->
    [one] { $count } sekund
   *[other] { $count } sekunder
}
duration-minutes = { $count ->
    [one] { $count } minutt
   *[other] { $count } minutter
}
duration-hours = { $count ->
    [one] { $count } time
   *[other] { $count } timer
}
duration-days = { $count ->
    [one] { $count } dag
   *[other] { $count } dager
}

## Feilsider.
error-reference = Referanse:

## Meldingssider.
message-manage-account = Administrer kontoen din

## form_post-siden (nettleseren sender svaret til applikasjonen).
form-post-title = Logger deg inn…
form-post-manual = Hvis ingenting skjer, kan du fortsette manuelt:
form-post-continue = Fortsett

## Totrinnsbekreftelse under innlogging.
mfa-qr-label = QR-kode for autentiseringsappen din
mfa-qr-manual = Får du ikke skannet den? Skriv inn denne nøkkelen i appen:
mfa-recovery-keep = Oppbevar disse gjenopprettingskodene på et trygt sted. Hver kode virker én gang, hvis du mister den andre faktoren din. De vises bare nå.
mfa-back-to-account = Tilbake til kontoen din
mfa-remember-device = { $count ->
    [one] Husk denne enheten i { $count } dag
   *[other] Husk denne enheten i { $count } dager
}
mfa-verify = Bekreft
mfa-resend = Send på nytt

## Passnøkler.
passkey-create = Opprett en passnøkkel
passkey-ready = Passnøkkelen din er klar. Gi den et navn du kjenner igjen.
passkey-name = Navn
passkey-save = Lagre passnøkkelen
passkey-use = Bruk passnøkkelen din
passkey-unsupported = Denne nettleseren kan ikke bruke passnøkler her. Bruk en annen metode eller en annen nettleser.

## Kontosiden.
account-title = Kontoen din
account-profile = Profil
account-name = Navn
account-phone = Telefon (internasjonalt format, f.eks. +14155550123)
account-language = Språk
account-language-auto = Automatisk (nettleserens)
account-profile-password = Nåværende passord (kreves for å endre telefonnummeret)
account-save-profile = Lagre profilen
account-pending-phone = Organisasjonens katalog oppgir et nytt telefonnummer som slutter på { $ending }. Innloggingskoder sendes til det nåværende nummeret ditt til du bekrefter det nye.
account-use-new-number = Bruk det nye nummeret
account-password = Passord
account-change-password = Endre passord
account-two-step = Totrinnsbekreftelse
account-no-factor = Ingen andre faktor ennå.
account-add-factor = Legg til { $method }
account-recovery-left = Gjenopprettingskoder: { $count } av { $total } igjen.
account-regenerate-codes = Lag nye gjenopprettingskoder
account-passkeys = Passnøkler
account-passkeys-lead = Logg inn med fingeravtrykk, ansikt, skjermlås eller en sikkerhetsnøkkel i stedet for passord og kode. En passnøkkel virker bare på dette nettstedet, så en falsk side kan ikke stjele den.
account-passkey-synced = synkronisert
account-passkey-added = lagt til { $when }
account-passkey-used = sist brukt: { $when }
account-no-passkey = Ingen passnøkkel ennå.
account-add-passkey = Legg til en passnøkkel
account-sessions = Hvor du er logget inn
account-this-browser = (denne nettleseren)
account-last-active = sist aktiv { $when }
account-sign-out-everywhere = Logg ut overalt
account-apps = Apper du har gitt tilgang
account-no-apps = Ingen.
account-revoke = Trekk tilbake
account-links = Tilknyttede innloggingsmetoder
account-unlink = Koble fra
account-remove = Fjern

## Glemt passord.
forgot-lead = Skriv inn brukernavnet eller e-postadressen din. Vi sender en lenke for å velge et nytt passord til e-postadressen til kontoen din.
forgot-submit = Send lenke for tilbakestilling
forgot-back = Tilbake til innlogging

## Brukervilkår.
terms-title = Brukervilkår
terms-lead = Før du fortsetter, må du lese og godta brukervilkårene (versjon { $version }).
terms-read = Les brukervilkårene
terms-decline = Avslå
terms-accept = Godta
terms-decline-note = Hvis du avslår, blir du logget ut.

## Logg ut.
logout-title = Logge ut?
logout-signed-in-as = Du er logget inn som { $email }.
logout-app-asks = { $app } ba om å logge deg ut.
logout-stay = Forbli innlogget

## Feilsider.
error-title = Innloggingsfeil
error-go-back = Gå tilbake til applikasjonen du kom fra, og prøv igjen.
error-expired-title = Denne siden er utløpt
error-expired = Denne innloggingsforespørselen er utløpt eller allerede brukt.
error-expired-hint = Gå tilbake til applikasjonen du kom fra, og logg inn på nytt.
error-link-expired = Denne lenken er utløpt
error-too-many-title = For mange forsøk
error-too-many-sign-ins = For mange innlogginger ble startet fra nettverket ditt.
error-wait = Vent noen minutter før du prøver igjen.
error-unavailable-title = Midlertidig utilgjengelig
error-unavailable = Innloggingstjenesten er midlertidig utilgjengelig.
error-unavailable-hint = Prøv igjen om et minutt.
error-internal-title = Noe gikk galt
error-internal = Det oppstod en intern feil.
error-internal-hint = Prøv igjen. Hvis det fortsetter å skje, gi administratoren din referansen nedenfor.
error-language = Dette språket tilbys ikke.

## Glemt passord og lenkene som sendes på e-post.
forgot-limit = { $count ->
    [one] Du kan be om tilbakestilling av passordet høyst én gang per dag
   *[other] Du kan be om tilbakestilling av passordet høyst { $count } ganger per dag
}
forgot-unknown = Innloggingsinformasjonen du har oppgitt, er ikke gyldig.
forgot-sent = Hvis en konto samsvarer, er en lenke for å velge et nytt passord på vei til kontoens e-postadresse.
reset-title = Velg et nytt passord
reset-lead = Skriv inn et nytt passord for kontoen din.
reset-expired-hint = Be om en ny lenke med «Glemt passordet?» på innloggingssiden.
reset-done-title = Passordet er endret
reset-done = Passordet ditt ble endret, og de andre øktene dine ble logget ut. Logg inn med det nye passordet ditt.
activate-title = Aktiver kontoen din
activate-lead = Velg et passord for å aktivere kontoen din.
activate-button = Aktiver
activate-expired-hint = Be administratoren din om å sende en ny invitasjon, eller bruk «Glemt passordet?» på innloggingssiden for å angi passordet ditt.

## Passordreglene.
password-too-short = { $count ->
    [one] Bruk minst { $count } tegn.
   *[other] Bruk minst { $count } tegn.
}
password-too-long = { $count ->
    [one] Bruk høyst { $count } tegn.
   *[other] Bruk høyst { $count } tegn.
}
password-too-weak = Dette passordet er for lett å gjette. Legg til flere ord eller tegn.
password-identity = Passordet kan ikke være eller inneholde e-postadressen eller brukernavnet ditt.
password-reused = { $count ->
    [one] Velg et annet passord enn det forrige passordet ditt.
   *[other] Velg et passord som ikke er et av de { $count } siste passordene du har brukt.
}
password-mismatch = De to passordene er ikke like.

## E-poster.
mail-hello = Hei,
mail-hello-name = Hei { $name },
mail-not-you = Hvis dette ikke var deg, må du kontakte administratoren din umiddelbart.
mail-invitation-subject = Aktiver kontoen din
mail-invitation-lead = Det er opprettet en konto for deg ({ $email }). Velg passordet ditt for å komme i gang:
mail-invitation-action = Aktiver nå
mail-invitation-expiry = Denne lenken kan brukes én gang og utløper om { $valid_for }. Hvis den er utløpt, kan du be administratoren din om å sende en ny invitasjon, eller bruke «Glemt passordet?» på innloggingssiden.
mail-reset-subject = Tilbakestill passordet ditt
mail-reset-action = Tilbakestill passordet ditt
mail-reset-expiry = Denne lenken kan brukes én gang og utløper om { $valid_for }. Hvis du ikke har bedt om dette, kan du se bort fra denne meldingen: passordet ditt forblir som det er.
mail-reset-asked = Noen (forhåpentligvis du) har bedt om å tilbakestille passordet til kontoen din.
mail-reset-expired = Passordet ditt er utløpt. Velg et nytt for å logge inn igjen.
mail-reset-admin = En administrator har bedt deg om å velge et nytt passord.
mail-changed-subject = Passordet ditt er endret
mail-changed-lead = Passordet til kontoen din { $email } ble endret. De andre øktene dine ble logget ut.
mail-expiry-subject = { $count ->
    [one] Passordet ditt utløper om { $count } dag
   *[other] Passordet ditt utløper om { $count } dager
}
mail-expiry-lead = { $count ->
    [one] Passordet til kontoen din { $email } utløper om { $count } dag. Endre det fra kontosiden din før den tid.
   *[other] Passordet til kontoen din { $email } utløper om { $count } dager. Endre det fra kontosiden din før den tid.
}
mail-expiry-action = Endre passordet ditt
mail-locked-subject = Kontoen din er låst
mail-locked-lead = Det har vært for mange mislykkede innloggingsforsøk på kontoen din { $email }.
mail-locked-permanent = Kontoen er låst til en administrator låser den opp.
mail-locked-temporary = { $count ->
    [one] Innlogging er blokkert i { $count } minutt.
   *[other] Innlogging er blokkert i { $count } minutter.
}
mail-locked-not-you = Hvis det ikke var du som gjorde disse forsøkene, si fra til administratoren din.
mail-mfa-changed-subject = Totrinnsbekreftelsen på kontoen din er endret
mail-mfa-changed-lead = Totrinnsbekreftelsen på kontoen din er endret: { $what }.
mail-mfa-changed-not-you = Hvis dette ikke var deg, må du tilbakestille passordet ditt og kontakte administratoren din umiddelbart.
mail-directory-subject = Kontoopplysningene dine er endret i katalogen
mail-directory-lead = Organisasjonens katalog har endret kontoen din: { $what }.
mail-directory-not-you = Hvis du ikke ventet dette, kontakt administratoren din.
mail-code-subject = Innloggingskoden din: { $code }
mail-code-lead = Innloggingskoden din er
mail-code-expiry = Den er gyldig i { $valid_for } og kan brukes én gang. Hvis du ikke prøvde å logge inn, bør du endre passordet ditt.

## Andre faktorer.
method-totp = Autentiseringsapp
method-sms = Tekstmelding (SMS)
method-email = E-post
method-passkey = Passnøkkel eller sikkerhetsnøkkel
method-name-totp = autentiseringsapp
method-name-sms = tekstmelding (SMS)
method-name-email = kode på e-post
method-name-passkey = passnøkkel
mfa-no-phone = Det er ikke noe telefonnummer i profilen din. Kontakt administratoren din.
mfa-too-many-sends = For mange koder er sendt. Vent noen minutter før du ber om en ny.
mfa-sms-failed = Tekstmeldingen kunne ikke sendes. Prøv igjen, eller velg en annen metode.
mfa-no-code-needed = Denne metoden trenger ikke at det sendes en kode.
mfa-blocked = { $count ->
    [one] For mange feil koder. Vent { $count } minutt før du prøver igjen.
   *[other] For mange feil koder. Vent { $count } minutter før du prøver igjen.
}
mfa-new-recovery-title = De nye gjenopprettingskodene dine
mfa-change-recovery = nye gjenopprettingskoder ble opprettet, og de gamle virker ikke lenger
mfa-change-added = en andre faktor ble lagt til ({ $method })
mfa-change-removed = en andre faktor ble fjernet ({ $method })
mfa-change-passkey-added = en passnøkkel ble lagt til («{ $name }»)
mfa-change-passkey-removed = en passnøkkel ble fjernet («{ $name }»)
mfa-change-phone = telefonnummeret for koder på tekstmelding ble endret
mfa-change-new-phone = et nytt telefonnummer mottar innloggingskoder
# Tekstmeldingen med en innloggingskode.
sms-code = Innloggingskoden din er { $code }. Den er gyldig i { $valid_for }.
mfa-resent = En ny kode er sendt. Tidligere koder virker ikke lenger.
mfa-wrong-code = Koden er ikke riktig.
mfa-save-codes-title = Lagre gjenopprettingskodene dine
mfa-saved-continue = Jeg har lagret dem, fortsett
mfa-prove-email = Før du setter opp totrinnsbekreftelse, må du bekrefte at det er deg: Skriv inn den sekssifrede koden vi sendte til { $email }.
mfa-check-email = Sjekk e-posten din
mfa-code-email = Kode fra e-posten
mfa-code-email-or-recovery = Kode fra e-posten (eller en gjenopprettingskode)
mfa-setup-title = Sett opp en andre faktor
mfa-setup-lead = Kontoen din krever et ekstra trinn ved innlogging. Velg hvordan du vil motta kodene dine.
mfa-choose-method = Velg en metode:
mfa-other-method = Bruk en annen metode:
mfa-totp-setup-title = Sett opp autentiseringsappen din
mfa-totp-setup-lead = Skann QR-koden med Google Authenticator, Microsoft Authenticator, Authy eller en lignende app, og skriv deretter inn den sekssifrede koden som appen viser.
mfa-code-app = Kode fra appen
mfa-totp-title = Skriv inn koden din
mfa-totp-lead = Åpne autentiseringsappen din og skriv inn den sekssifrede koden.
mfa-code-app-or-recovery = Kode fra appen (eller en gjenopprettingskode)
mfa-email-lead = Vi har sendt en sekssifret kode til { $email }.
mfa-check-phone = Sjekk telefonen din
mfa-sms-lead = Vi har sendt en sekssifret kode på tekstmelding.
mfa-code-sms = Kode fra tekstmeldingen
mfa-code-sms-or-recovery = Kode fra tekstmeldingen (eller en gjenopprettingskode)
error-unknown-method = Ukjent metode.
error-method-unavailable = Denne metoden er ikke tilgjengelig.
passkey-unavailable = Passnøkler er ikke tilgjengelige akkurat nå. Bruk en annen metode.
passkey-create-lead = Med en passnøkkel logger du inn med fingeravtrykk, ansikt, skjermlås eller en sikkerhetsnøkkel. Den virker bare på dette nettstedet, så en falsk side kan ikke stjele den.
passkey-use-lead = Bekreft at det er deg, med fingeravtrykk, ansikt, skjermlås eller sikkerhetsnøkkel.
passkey-suggested-name = Passnøkkel ({ $browser })
passkey-or-recovery = Eller skriv inn en gjenopprettingskode
passkey-expired = Det tok for lang tid, eller forespørselen er allerede brukt. Prøv igjen.
passkey-failed = Passnøkkelen kunne ikke brukes. Prøv igjen, eller logg inn på en annen måte.
passkey-model = Denne typen sikkerhetsnøkkel eller passnøkkel er ikke tillatt her. Bruk en som organisasjonen din har godkjent.
passkey-too-many = Kontoen din har allerede så mange passnøkler som den kan ha. Fjern en først.
browser-on-os = { $browser } på { $os }
browser-unknown = Ukjent nettleser

## Endringer som bedriftskatalogen har gjort (i en e-post).
directory-new-phone = et nytt telefonnummer som slutter på { $ending }
directory-new-phone-next = Det brukes ikke til innloggingskoder før du bekrefter det på kontosiden din, eller en administrator bekrefter det.
directory-phone-added = et telefonnummer som slutter på { $ending }, ble lagt til
directory-phone-added-next = Innloggingskoder på tekstmelding kan sendes til det.
directory-new-email = den oppgir en ny e-postadresse, { $email }
directory-new-email-held = Innloggingskoder sendes fortsatt til denne adressen, så den nye ble ikke tatt i bruk. Hvis det er du som har gjort endringen, kontakt administratoren din.
directory-email-changed = kontoens e-postadresse er nå { $email }
directory-email-changed-next = Meldinger om kontoen din sendes til den nye adressen fra nå av.

## Innlogging med en annen leverandør (Google, Microsoft, …).
upstream-failed-title = Innloggingen mislyktes
upstream-failed = Innlogging med { $upstream } mislyktes.
upstream-failed-hint = Gå tilbake til innloggingssiden og prøv igjen. Hvis det fortsetter å skje, gi administratoren din referansen nedenfor.
upstream-cancelled-title = Innloggingen ble avbrutt
upstream-cancelled = Innlogging med { $upstream } ble avbrutt eller avvist.
upstream-cancelled-hint = Gå tilbake til innloggingssiden og prøv igjen.
upstream-no-account = Ingen konto samsvarer med e-postadressen din hos { $upstream }. Kontakt administratoren din.
upstream-sso-off = Enkel pålogging (single sign-on) er ikke aktivert for kontoen din. Kontakt administratoren din.
upstream-refused-title = Innloggingen ble avvist
signed-out-title = Logget ut
terms-declined = Du avslo brukervilkårene og ble logget ut.
error-unknown-decision = Ukjent valg.
signed-out = Du er logget ut.
error-not-a-form = Forespørselen må være et skjema.
error-id-token-hint = id_token_hint er ikke gyldig.
error-unknown-client = Applikasjonen er ikke registrert.
error-client-hint-mismatch = client_id samsvarer ikke med id_token_hint.
error-logout-uri = post_logout_redirect_uri er ikke registrert for denne applikasjonen.
error-redirect-uri = Omdirigerings-URI-en er ugyldig.
login-credentials-expired = Innloggingsinformasjonen er utløpt. Vi har sendt en lenke for å velge et nytt passord til e-postadressen din.
home-signed-out = Du er ikke logget inn.
home-signed-in-title = Logget inn
home-signed-in = Du er logget inn som { $email }.
ago-now = akkurat nå
ago-never = aldri
ago-minutes = { $count ->
    [one] for { $count } minutt siden
   *[other] for { $count } minutter siden
}
ago-hours = { $count ->
    [one] for { $count } time siden
   *[other] for { $count } timer siden
}
ago-days = { $count ->
    [one] for { $count } dag siden
   *[other] for { $count } dager siden
}
account-password-directory = Passordet ditt administreres av organisasjonens katalog. Endre det der.
account-password-sso = Du logger inn med { $upstream }. Det er ikke noe passord å endre her.
account-done-profile = Profilen din ble lagret.
account-done-password = Passordet ditt ble endret. De andre øktene dine ble logget ut.
account-done-session = Økten ble logget ut.
account-done-app = Tilgangen ble trukket tilbake.
account-done-mfa = Totrinnsbekreftelsen ble oppdatert.
account-done-passkey-added = Passnøkkelen din ble lagt til. Du kan logge inn med den nå.
account-done-passkey-removed = Passnøkkelen ble fjernet.
account-done-link = Innloggingsmetoden ble koblet fra.
account-done-phone = Innloggingskoder på tekstmelding sendes nå til det nye nummeret.
account-name-invalid = Navnet kan ha høyst 200 tegn og ingen linjeskift.
account-phone-format = Skriv inn telefonnummeret i internasjonalt format, for eksempel +14155550123.
account-phone-password = Skriv inn det nåværende passordet ditt for å endre telefonnummeret.
account-wrong-password = Det nåværende passordet er ikke riktig.
account-reauth-sso = Av sikkerhetshensyn må du logge ut og logge inn igjen, og deretter gjøre denne endringen innen 5 minutter.
account-reauth-password = Skriv inn det nåværende passordet ditt for å endre totrinnsbekreftelsen.
account-keep-factor = Kontoen din må beholde en andre faktor.
account-keep-passkey = Kontoen din må beholde en passnøkkel.
account-directory-link = Bedriftskatalog
account-directory-unlink = Katalogkontoer kan ikke kobles fra.
error-no-session = Økten finnes ikke.
passkey-js-registered = Denne passnøkkelen er allerede registrert på kontoen din.
passkey-js-cancelled = Forespørselen om passnøkkel ble avbrutt eller tidsavbrutt. Prøv igjen når du er klar.
passkey-js-failed = Nettleseren din kunne ikke bruke en passnøkkel her. Prøv igjen, eller bruk en annen måte.
# Styrkemåleren: fem ord, fra dårligst til best, skilt med |.
strength-words = Svært svakt|Svakt|Middels|Sterkt|Svært sterkt
# {"{}"} står for ett av ordene over.
strength-label = Styrke: {"{}"}
strength-short = {" "}(for kort)

## Applikasjonens egne lenker, på innloggings- og samtykkesiden.
client-logo = Logoen til { $app }
client-website = Om { $app }
client-policy = Personvernerklæringen til { $app }
client-tos = Vilkårene til { $app }

## Avviste sider utenfor en innlogging.
error-authorize = Applikasjonen sendte en innloggingsforespørsel som ikke kan brukes.
error-detail = For utviklerne av applikasjonen:
admin-forbidden-title = Bare for administratorer
admin-forbidden = Bare administratorer kan bruke administrasjonskonsollen.
admin-forbidden-hint = Logg inn med en administratorkonto, eller be en administrator om tilgang.
